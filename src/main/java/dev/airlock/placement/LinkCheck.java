package dev.airlock.placement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether the symlinks of a tree (an archive, a git tree) may be created. A purely lexical
 * check is not enough: with {@code a -> .} in place, {@code b -> a/..} names the destination's
 * parent. So targets are resolved segment by segment the way the kernel would, expanding every
 * symlink the tree itself defines (the only symlinks under the destination), and a link is refused
 * when
 *
 * <ul>
 *   <li>a {@code ..} would climb above the destination root (it leads outside);
 *   <li>it loops, or chains through more than {@link #MAX_HOPS} links;
 *   <li>it makes the tree recursive: it names its own folder or one above it ({@code x -> .},
 *       {@code d/x -> ..}, {@code x -> d/..}), or links together form a cycle ({@code a/x -> ../b}
 *       with {@code b/y -> ../a}), so every tool that follows links while walking the tree never
 *       ends.
 * </ul>
 */
final class LinkCheck {
  /** Like the kernel's limit on symlinks followed in one lookup (ELOOP). */
  static final int MAX_HOPS = 40;

  private final TreeMap<String, String> links; // normalised link path -> raw target
  private final Map<String, String> resolved = new HashMap<>(); // link path -> where it leads ("" = root)

  LinkCheck(Map<String, String> links) {
    this.links = new TreeMap<>(links);
  }

  /**
   * Every refused link, in path order: those leading outside or looping first, then those making
   * the tree recursive. Empty when every link may be created.
   */
  List<ExtractionFailure> problems() {
    List<ExtractionFailure> problems = new ArrayList<>();
    for (String path : links.keySet()) {
      try {
        resolve(path);
      } catch (ExtractionFailure e) {
        problems.add(e);
      }
    }
    for (String path : links.keySet()) {
      String to = resolved.get(path);
      if (to != null && contains(to, path)) {
        problems.add(recursive(path, "it names a folder that holds the link"));
      }
    }
    if (problems.isEmpty()) {
      String onCycle = cycle();
      if (onCycle != null) {
        problems.add(recursive(onCycle, "it and other links lead into each other's folders"));
      }
    }
    return problems;
  }

  private ExtractionFailure recursive(String path, String why) {
    return ExtractionFailure.entry(path, "symlink target " + EntryPath.display(links.get(path))
        + " makes the tree recursive: " + why);
  }

  /** Resolves the link at {@code path}, throwing {@link ExtractionFailure} if it leads outside or loops. */
  private void resolve(String path) {
    Deque<String> where = parentOf(path);
    boolean inside;
    try {
      inside = follow(where, links.get(path), new int[] {0});
    } catch (ExtractionFailure e) {
      throw e.at(path);
    }
    if (!inside) {
      throw ExtractionFailure.entry(
          path, "symlink target " + EntryPath.display(links.get(path)) + " leads outside");
    }
    resolved.put(path, String.join("/", where));
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

  /** Whether {@code path} lies below the folder {@code dir} ({@code ""} is the root). */
  private static boolean contains(String dir, String path) {
    return dir.isEmpty() || path.startsWith(dir + "/");
  }

  /**
   * A link on a cycle, or null. Entering link L puts a walker in the folder L resolves to, from
   * which it reaches every link below that folder: those are L's successors. A cycle among them is
   * a walk that never ends. Depth-first with an explicit stack (chains may be long).
   */
  private String cycle() {
    Map<String, Integer> state = new HashMap<>(); // absent: new, 1: on the stack, 2: done
    for (String start : links.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<String> stack = new ArrayDeque<>();
      Deque<Iterator<String>> next = new ArrayDeque<>();
      stack.push(start);
      next.push(successors(start));
      state.put(start, 1);
      while (!stack.isEmpty()) {
        Iterator<String> it = next.peek();
        if (!it.hasNext()) {
          state.put(stack.pop(), 2);
          next.pop();
          continue;
        }
        String m = it.next();
        Integer s = state.get(m);
        if (s == null) {
          state.put(m, 1);
          stack.push(m);
          next.push(successors(m));
        } else if (s == 1) {
          return m;
        }
      }
    }
    return null;
  }

  private Iterator<String> successors(String link) {
    String to = resolved.get(link);
    if (to == null) {
      return Collections.emptyIterator();
    }
    Map<String, String> below = to.isEmpty() ? links : links.subMap(to + "/", to + "0"); // '0' follows '/'
    return below.keySet().iterator();
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
