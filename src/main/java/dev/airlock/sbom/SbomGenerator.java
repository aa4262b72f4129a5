package dev.airlock.sbom;

import dev.airlock.error.CheckFailedException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code airlock sbom}: a CycloneDX document of every source the manifest names, as {@code fetch.lock}
 * pins it. Offline; it describes the lock, which {@code airlock verify} ties to the vendor dir's bytes.
 */
public final class SbomGenerator {
  private SbomGenerator() {}

  public static String generate(Manifest manifest, Lock lock, String toolVersion, Optional<Instant> timestamp) {
    List<String> problems = new ArrayList<>();
    List<LockEntry> entries = new ArrayList<>();
    for (SourceSpec s : manifest.sources()) {
      Optional<LockEntry> e = lock.entry(s.name());
      if (e.isEmpty()) {
        problems.add(s.name() + ": not in fetch.lock");
      } else if (!e.get().fingerprint().equals(s.fingerprint()) || !e.get().kind().equals(s.kind())) {
        problems.add(s.name() + ": manifest entry changed since fetch.lock was written");
      } else {
        entries.add(e.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckFailedException("fetch.lock does not describe the manifest:\n  " + String.join("\n  ", problems)
          + "\nrun `airlock fetch` first");
    }
    return render(entries, toolVersion, timestamp);
  }

  /** The document for these lock entries, sorted by name. */
  public static String render(List<LockEntry> entries, String toolVersion, Optional<Instant> timestamp) {
    List<SbomComponent> components = new ArrayList<>();
    entries.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(e -> components.addAll(ComponentMapper.mapAll(e)));
    return CycloneDxWriter.write(components, toolVersion, timestamp);
  }
}
