package dev.airlock.vendor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Decides whether a symlink from the archive stays inside the destination. A purely lexical
 * check is not enough: with {@code a -> .} in place, {@code b -> a/..} names the destination's
 * parent. So targets are resolved segment by segment the way the kernel would, expanding every
 * symlink the archive itself defines (the only symlinks under the destination), and a target is
 * refused as soon as a {@code ..} would climb above the destination root.
 */
final class LinkCheck {
  /** Like the kernel's limit on symlinks followed in one lookup (ELOOP). */
  static final int MAX_HOPS = 40;

  private final Map<String, String> links; // normalised link path -> raw target

  LinkCheck(Map<String, String> links) {
    this.links = links;
  }

  /** Throws {@link ExtractionFailure} if the link at {@code path} leads outside or loops. */
  void check(String path) {
    boolean inside;
    try {
      inside = follow(parentOf(path), links.get(path), new int[] {0});
    } catch (ExtractionFailure e) {
      throw e.at(path);
    }
    if (!inside) {
      throw ExtractionFailure.entry(
          path, "symlink target " + EntryPath.display(links.get(path)) + " leads outside");
    }
  }

  /** Walks {@code target} from {@code where}; false if it climbs above the root. */
  private boolean follow(Deque<String> where, String target, int[] hops) {
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (where.isEmpty()) {
          return false;
        }
        where.removeLast();
        continue;
      }
      where.addLast(segment);
      String next = links.get(String.join("/", where));
      if (next != null) {
        if (++hops[0] > MAX_HOPS) {
          throw ExtractionFailure.of("symlink loop or chain longer than " + MAX_HOPS);
        }
        where.removeLast(); // a link's target is relative to the folder holding the link
        if (!follow(where, next, hops)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Deque<String> parentOf(String path) {
    Deque<String> parent = new ArrayDeque<>();
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      parent.addLast(segments[i]);
    }
    return parent;
  }
}
