package dev.airlock.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The symlink rules of {@link SafeExtractor} for trees that are not archives (a git tree): a link
 * is allowed only if its target is relative, well formed, resolves inside the tree's root folder
 * (following the other links of the same tree) and does not make the tree recursive.
 */
public final class TreeLinks {
  private TreeLinks() {}

  /**
   * Checks every link ({@code path → target}, paths relative to the root with {@code /}) and
   * returns one message per link that is not allowed, naming it; empty when all are.
   */
  public static List<String> refused(Map<String, String> links) {
    Map<String, String> normal = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (var e : links.entrySet()) {
      try {
        normal.put(EntryPath.normalise(e.getKey()), EntryPath.linkTarget(e.getKey(), e.getValue()));
      } catch (ExtractionFailure f) {
        problems.add(f.getMessage());
      }
    }
    new LinkCheck(normal).problems().forEach(f -> problems.add(f.getMessage()));
    return problems;
  }
}
