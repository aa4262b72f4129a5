package dev.airlock.sbom;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the SBOM says about one vendored source, independent of the output format.
 *
 * @param type CycloneDX component type ({@code file}, {@code library}, …)
 * @param files vendor-relative path → sha256 hex (links and other non-hash entries are left out)
 * @param properties extra {@code airlock:*} facts (kind, ref, …)
 * @param ref the bom-ref ({@code airlock:source/NAME}, or {@code airlock:source/NAME/PURL} for a
 *     package of a closure)
 * @param hashes CycloneDX algorithm name → hex digest, when the component's hash is not its one file's
 *     sha256 (a closure's package: the registry integrity)
 */
public record SbomComponent(String name, String kind, String type, Optional<String> version, Optional<String> purl,
    List<Reference> references, SortedMap<String, String> files, SortedMap<String, String> properties,
    String ref, SortedMap<String, String> hashes) {

  /** A CycloneDX external reference: {@code distribution}, {@code vcs}, … and a URL without credentials. */
  public record Reference(String type, String url, Optional<String> comment) {}

  public SbomComponent {
    references = List.copyOf(references);
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    hashes = Collections.unmodifiableSortedMap(new TreeMap<>(hashes));
  }

  /** A vendored source: its bom-ref is {@code airlock:source/NAME}; hashes come from its one file. */
  public SbomComponent(String name, String kind, String type, Optional<String> version, Optional<String> purl,
      List<Reference> references, SortedMap<String, String> files, SortedMap<String, String> properties) {
    this(name, kind, type, version, purl, references, files, properties, "airlock:source/" + name, new TreeMap<>());
  }

  /** A vendored source with its own hashes: its bom-ref is {@code airlock:source/NAME}. */
  public SbomComponent(String name, String kind, String type, Optional<String> version, Optional<String> purl,
      List<Reference> references, SortedMap<String, String> files, SortedMap<String, String> properties,
      SortedMap<String, String> hashes) {
    this(name, kind, type, version, purl, references, files, properties, "airlock:source/" + name, hashes);
  }
}
