package dev.airlock.fetch;

import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.LockEntry;
import dev.airlock.placement.PathCollisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping for folders several sources share ({@code pypi/}, {@code maven/}, {@code npm/}): a
 * path may belong to more than one source only with the same content, and a file leaves the vendor
 * dir only when no remaining source lists it.
 */
final class SharedFiles {
  private SharedFiles() {}

  /**
   * Fails (exit 2) when two sources would vendor the same path with different content.
   * {@code entries} are the lock entries that stay; {@code fetched} replace theirs.
   */
  static void checkConflicts(Map<String, LockEntry> entries, List<FetchedSource> fetched) {
    Map<String, String[]> owners = new HashMap<>(); // path -> {source, digest}
    Map<String, Map<String, String>> bySource = new HashMap<>();
    entries.forEach((name, e) -> bySource.put(name, e.files()));
    fetched.forEach(f -> bySource.put(f.name(), f.files()));
    List<String> problems = new ArrayList<>();
    bySource.keySet().stream().sorted().forEach(name -> bySource.get(name).forEach((path, digest) -> {
      String[] first = owners.putIfAbsent(path, new String[] {name, digest});
      if (first != null && !first[1].equals(digest)) {
        problems.add("sources '" + first[0] + "' and '" + name + "' both vendor " + path + " with different content");
      }
    }));
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("\n", problems)
          + "\nremove one of them, or narrow it (pypi: files:) so each file comes from one source;"
          + " nothing was changed in the vendor dir or the lock");
    }
  }

  /**
   * Refuses two vendored paths, of one source or of two, that differ only in case or Unicode
   * normalisation ({@link PathCollisions}): on macOS and Windows one would overwrite the other.
   */
  static void checkFoldedNames(Map<String, LockEntry> entries, List<FetchedSource> fetched) {
    Map<String, Map<String, String>> bySource = new HashMap<>();
    entries.forEach((name, e) -> bySource.put(name, e.files()));
    fetched.forEach(f -> bySource.put(f.name(), f.files()));
    Map<String, String[]> seen = new HashMap<>(); // folded path -> {path, source}
    for (String name : bySource.keySet().stream().sorted().toList()) {
      for (String file : bySource.get(name).keySet()) {
        for (String path : PathCollisions.withParents(file)) {
          String[] first = seen.putIfAbsent(PathCollisions.key(path), new String[] {path, name});
          if (first != null && !first[0].equals(path)) {
            throw new FetchException((first[1].equals(name) ? "source '" + name + "'"
                : "sources '" + first[1] + "' and '" + name + "'") + ": " + PathCollisions.describe(first[0], path)
                + "; nothing was placed in the vendor dir or the lock");
          }
        }
      }
    }
  }

  /** The files of {@code previous} (may be null) that no entry of {@code entries} lists. */
  static List<String> unclaimed(LockEntry previous, Map<String, LockEntry> entries) {
    List<String> out = new ArrayList<>();
    if (previous == null) {
      return out;
    }
    for (String path : previous.files().keySet()) {
      if (entries.values().stream().noneMatch(e -> e.files().containsKey(path))) {
        out.add(path);
      }
    }
    return out;
  }
}
