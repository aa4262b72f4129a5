package dev.airlock.fetch;

import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.LockEntry;
import dev.airlock.placement.PathCollisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

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
   * Such paths are let through only when every source that lists one of them is in {@code allowed}
   * (their {@code allowCaseCollisions}).
   */
  static void checkFoldedNames(Map<String, LockEntry> entries, List<FetchedSource> fetched, Predicate<String> allowed) {
    Map<String, Map<String, String>> bySource = new HashMap<>();
    entries.forEach((name, e) -> bySource.put(name, e.files()));
    fetched.forEach(f -> bySource.put(f.name(), f.files()));
    List<String> names = bySource.keySet().stream().sorted().toList();
    Map<String, String[]> seen = new HashMap<>(); // folded path -> {path, source}
    Map<String, Map<String, String>> letThrough = new HashMap<>(); // folded path -> path -> source
    for (String name : names) {
      for (String file : bySource.get(name).keySet()) {
        for (String path : PathCollisions.withParents(file)) {
          String key = PathCollisions.key(path);
          String[] first = seen.putIfAbsent(key, new String[] {path, name});
          if (first == null || first[0].equals(path)) {
            continue;
          }
          if (!allowed.test(first[1]) || !allowed.test(name)) {
            throw collision(first[1], first[0], name, path);
          }
          Map<String, String> group = letThrough.computeIfAbsent(key, k -> new TreeMap<>());
          group.putIfAbsent(first[0], first[1]);
          group.putIfAbsent(path, name);
        }
      }
    }
    if (letThrough.isEmpty()) {
      return;
    }
    // a source that did not opt out may still list the very path of a pair that was let through
    for (String name : names) {
      if (allowed.test(name)) {
        continue;
      }
      for (String file : bySource.get(name).keySet()) {
        for (String path : PathCollisions.withParents(file)) {
          Map<String, String> group = letThrough.getOrDefault(PathCollisions.key(path), Map.of());
          for (Map.Entry<String, String> other : group.entrySet()) {
            if (!other.getKey().equals(path)) {
              throw collision(other.getValue(), other.getKey(), name, path);
            }
          }
        }
      }
    }
  }

  private static FetchException collision(String firstSource, String firstPath, String source, String path) {
    return new FetchException((firstSource.equals(source) ? "source '" + source + "'"
        : "sources '" + firstSource + "' and '" + source + "'") + ": " + PathCollisions.describe(firstPath, path)
        + "; nothing was placed in the vendor dir or the lock");
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
