package dev.airlock.manifest;

import dev.airlock.common.Environment;
import java.nio.file.Path;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What every block parser needs: where to report, where relative paths start, the injected
 * environment (for {@code ~}), and the nodes that stand in for a rejected alias (already
 * reported, so no further error is raised about them).
 */
record ParseContext(Problems problems, Path baseDir, Environment env, Set<Mark> placeholders) {

  void error(Node at, String path, String message) {
    problems.add(at.getStartMark(), path, message);
  }

  void error(Mark at, String path, String message) {
    problems.add(at, path, message);
  }

  /** True for a node that replaced an alias: its error is already reported. */
  boolean isPlaceholder(Node node) {
    return placeholders.contains(node.getStartMark());
  }
}
