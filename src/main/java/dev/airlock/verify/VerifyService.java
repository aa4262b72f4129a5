package dev.airlock.verify;

import dev.airlock.lock.Lock;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.scan.KnownSecretScanner;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.placement.TreeHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** {@code airlock verify}: offline, hashes every vendored file and compares with the lock. */
public final class VerifyService {
  private VerifyService() {}

  /** What differs. Paths are relative to the vendor dir; secret hits name files, never values. */
  public record Report(int checked, List<String> missing, List<String> changed, List<String> extra,
      List<String> unlocked, List<String> secretHits) {
    public boolean ok() {
      return missing.isEmpty() && changed.isEmpty() && extra.isEmpty() && unlocked.isEmpty() && secretHits.isEmpty();
    }
  }

  public static Report verify(Manifest manifest, Lock lock, KnownSecrets secrets) {
    SortedMap<String, String> expected = lock.allFiles();
    SortedMap<String, String> actual = TreeHasher.hashTree(manifest.vendorDir(), manifest.vendorDir());
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (var e : expected.entrySet()) {
      String got = actual.get(e.getKey());
      if (got == null) {
        missing.add(e.getKey());
      } else if (!got.equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    for (String path : actual.keySet()) {
      if (!expected.containsKey(path)) {
        extra.add(path);
      }
    }
    List<String> unlocked = new ArrayList<>();
    for (SourceSpec s : manifest.sources()) {
      if (lock.entry(s.name()).filter(e -> e.fingerprint().equals(s.fingerprint())).isEmpty()) {
        unlocked.add(s.name());
      }
    }
    List<String> hits = new KnownSecretScanner(secrets).scanTree(manifest.vendorDir(), manifest.vendorDir());
    return new Report(actual.size(), missing, changed, extra, unlocked, hits);
  }
}
