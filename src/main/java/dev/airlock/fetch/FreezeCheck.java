package dev.airlock.fetch;

import dev.airlock.error.CheckFailedException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --frozen}: the lock exists and matches every manifest entry, and has no extra entries. */
final class FreezeCheck {
  private FreezeCheck() {}

  static void check(Manifest manifest, Optional<Lock> lock) {
    if (lock.isEmpty()) {
      throw new CheckFailedException("--frozen: " + manifest.lockFile().getFileName()
          + " is missing; run `airlock fetch` without --frozen and commit the lock");
    }
    List<String> problems = new ArrayList<>();
    for (SourceSpec s : manifest.sources()) {
      Optional<LockEntry> e = lock.get().entry(s.name());
      if (e.isEmpty()) {
        problems.add("  " + s.name() + ": not in the lock");
      } else if (!e.get().fingerprint().equals(s.fingerprint()) || !e.get().kind().equals(s.kind())) {
        problems.add("  " + s.name() + ": manifest entry changed since the lock was written");
      }
    }
    Map<String, SourceSpec> specs = manifest.sourcesByName();
    for (String name : lock.get().entries().keySet()) {
      if (!specs.containsKey(name)) {
        problems.add("  " + name + ": in the lock but not in the manifest");
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckFailedException("--frozen: fetch.lock does not match the manifest:\n"
          + String.join("\n", problems) + "\nrun `airlock fetch` (or `airlock update`) and commit the lock");
    }
  }
}
