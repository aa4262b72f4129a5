package dev.airlock.sbom;

import dev.airlock.lock.LockEntry;
import dev.airlock.sbom.SbomComponent.Reference;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages of a closure source (an npm {@code lockfile:}): the lock records each as
 * {@code PURL: "URL INTEGRITY"}; each becomes a component of its own, with that purl, the URL as
 * its distribution and the integrity's digest as its hash.
 */
final class ClosurePackages {
  private static final Pattern NPM = Pattern.compile("pkg:npm/(?:(%40[^/]+)/)?([^@/]+)@(.+)");
  private static final Map<String, String> ALGS = Map.of("sha512", "SHA-512", "sha384", "SHA-384",
      "sha256", "SHA-256", "sha1", "SHA-1");

  private ClosurePackages() {}

  static List<SbomComponent> of(LockEntry e) {
    List<SbomComponent> out = new ArrayList<>();
    e.resolved().forEach((key, value) -> {
      Matcher m = NPM.matcher(key);
      if (!m.matches()) {
        return;
      }
      String[] parts = value.split(" ", 2);
      String name = (m.group(1) == null ? "" : "@" + m.group(1).substring(3) + "/") + m.group(2);
      SortedMap<String, String> props = new TreeMap<>();
      props.put("airlock:kind", e.kind());
      props.put("airlock:source", e.name());
      SortedMap<String, String> hashes = new TreeMap<>();
      if (parts.length == 2) {
        int dash = parts[1].indexOf('-');
        String alg = dash < 0 ? null : ALGS.get(parts[1].substring(0, dash));
        if (alg != null) {
          try {
            hashes.put(alg, HexFormat.of().formatHex(Base64.getDecoder().decode(parts[1].substring(dash + 1))));
          } catch (IllegalArgumentException notBase64) {
            // no hash then
          }
        }
      }
      List<Reference> refs = List.of(new Reference("distribution", UrlText.withoutCredentials(parts[0]),
          Optional.empty()));
      out.add(new SbomComponent(name, e.kind(), "library", Optional.of(m.group(3)), Optional.of(key), refs,
          new TreeMap<>(), props, "airlock:source/" + e.name() + "/" + key, hashes));
    });
    return out;
  }
}
