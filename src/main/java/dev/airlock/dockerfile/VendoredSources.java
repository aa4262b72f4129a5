package dev.airlock.dockerfile;

import dev.airlock.error.CheckFailedException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pairs each manifest source with its lock entry, refusing a lock that no longer fits. */
public final class VendoredSources {
  private VendoredSources() {}

  /**
   * The manifest's sources, in manifest order, with the files their lock entries list.
   *
   * @throws CheckFailedException when a source has no lock entry or the entry was written for a
   *     different manifest entry (the advice is to run {@code airlock fetch})
   * @throws UsageException when the lock lists a file outside the source's folder
   */
  public static List<VendoredSource> resolve(List<SourceRef> sources, Lock lock) {
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    List<VendoredSource> out = new ArrayList<>();
    for (SourceRef s : sources) {
      Optional<LockEntry> e = lock.entry(s.name());
      if (e.isEmpty()) {
        missing.add(s.name());
      } else if (!e.get().kind().equals(s.kind()) || !e.get().fingerprint().equals(s.fingerprint())) {
        stale.add(s.name());
      } else {
        out.add(new VendoredSource(s.name(), s.kind(), s.dest(), checked(s, e.get()), s.closure(),
            Optional.ofNullable(e.get().resolved().get("registry")).filter(r -> s.kind().equals("npm"))));
      }
    }
    if (!missing.isEmpty() || !stale.isEmpty()) {
      StringBuilder sb = new StringBuilder("fetch.lock does not match the manifest:");
      if (!missing.isEmpty()) {
        sb.append(" no entry for ").append(String.join(", ", missing)).append(';');
      }
      if (!stale.isEmpty()) {
        sb.append(" changed since the last fetch: ").append(String.join(", ", stale)).append(';');
      }
      throw new CheckFailedException(sb.append(" run `airlock fetch` first").toString());
    }
    return out;
  }

  private static List<String> checked(SourceRef s, LockEntry e) {
    String root = VendorLayout.root(s.kind(), s.name()) + "/";
    for (String f : e.files().keySet()) {
      boolean bad = !f.startsWith(root) || f.startsWith("/")
          || List.of(f.split("/", -1)).stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."));
      if (bad) {
        throw new UsageException("fetch.lock: source " + s.name() + " lists a file outside " + root
            + " (run `airlock fetch` to rewrite the lock)");
      }
    }
    return List.copyOf(e.files().keySet());
  }
}
