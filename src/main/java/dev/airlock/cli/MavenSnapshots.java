package dev.airlock.cli;

import dev.airlock.manifest.MavenSource;
import dev.airlock.manifest.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code update} of a Maven SNAPSHOT moves the sources naming the same SNAPSHOT of the same
 * artifact with another classifier or extension along with it: a jar on build 4 beside its
 * {@code -sources} jar on build 3 would be vendored under one {@code -SNAPSHOT} name each, silently
 * from two deploys.
 */
final class MavenSnapshots {
  private MavenSnapshots() {}

  /** The sources not in {@code wanted} that share a wanted source's SNAPSHOT, in manifest order. */
  static List<String> siblings(List<SourceSpec> sources, Set<String> wanted) {
    List<String> out = new ArrayList<>();
    if (wanted.isEmpty()) {
      return out; // every source is updated anyway
    }
    for (SourceSpec s : sources) {
      if (wanted.contains(s.name()) || !(s instanceof MavenSource m) || !m.snapshot()) {
        continue;
      }
      boolean sibling = sources.stream().anyMatch(o -> wanted.contains(o.name()) && o instanceof MavenSource w
          && w.snapshot() && w.groupId().equals(m.groupId()) && w.artifactId().equals(m.artifactId())
          && w.version().equals(m.version()) && w.repository().equals(m.repository()));
      if (sibling) {
        out.add(s.name());
      }
    }
    return out;
  }
}
