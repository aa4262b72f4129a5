package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML map of the manifest with its path (e.g. {@code sources[1].http}): string keys, no
 * duplicates, unknown keys reported with a suggestion, and typed getters that report at the
 * value's position.
 */
final class YamlMap {
  private final MappingNode node;
  private final String path;
  private final ParseContext ctx;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private boolean literalSecret;

  private YamlMap(MappingNode node, String path, ParseContext ctx) {
    this.node = node;
    this.path = path;
    this.ctx = ctx;
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode s) || YamlValues.isNull(k) || s.getValue().isEmpty()) {
        ctx.error(k, path, "keys must be plain non-empty names, not " + YamlValues.describe(k));
        continue;
      }
      NodeTuple first = entries.putIfAbsent(s.getValue(), t);
      if (first != null) {
        ctx.error(k, YamlValues.child(path, s.getValue()), "duplicate key " + Problems.quote(s.getValue())
            + " (first at line " + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
      }
    }
  }

  /** The node as a map, or empty after reporting that it is something else. */
  static Optional<YamlMap> of(Node n, String path, ParseContext ctx) {
    if (ctx.isPlaceholder(n)) {
      return Optional.empty();
    }
    if (n instanceof MappingNode m) {
      return Optional.of(new YamlMap(m, path, ctx));
    }
    ctx.error(n, path, "must be a map of keys, not " + YamlValues.describe(n));
    return Optional.empty();
  }

  String path() {
    return path;
  }

  String path(String key) {
    return YamlValues.child(path, key);
  }

  Mark mark() {
    return node.getStartMark();
  }

  Set<String> keys() {
    return entries.keySet();
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Optional<Node> value(String key) {
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  Node keyNode(String key) {
    return entries.get(key).getKeyNode();
  }

  /**
   * Reports every key outside {@code allowed}. A secret-looking key holding a value (password,
   * token, api_key, …) that is not a typo of an allowed key is a literal secret and gets
   * {@code secretAdvice}; others get a suggestion or the list of allowed keys.
   */
  void allowOnly(Collection<String> allowed, String secretAdvice) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      String key = e.getKey();
      if (allowed.contains(key)) {
        continue;
      }
      Node keyNode = e.getValue().getKeyNode();
      Optional<String> suggestion = Suggest.closest(key, allowed);
      if (suggestion.isEmpty() && SecretKeys.looksSecret(key)
          && e.getValue().getValueNode() instanceof ScalarNode) {
        ctx.error(keyNode, path(key), SecretKeys.literalSecret(secretAdvice));
        literalSecret = true;
        continue;
      }
      String hint = suggestion
          .map(s -> "; did you mean '" + s + "'?")
          .orElse(allowed.isEmpty() ? "; no keys are allowed here" : "; allowed: " + String.join(", ", allowed));
      ctx.error(keyNode, path(key), "unknown key " + Problems.quote(key) + hint);
    }
  }

  /** Whether {@link #allowOnly} found a literal secret here (so "missing env/file" is implied). */
  boolean hadLiteralSecret() {
    return literalSecret;
  }

  /** Reports a missing key at the start of this map. */
  boolean require(String key) {
    if (!has(key)) {
      ctx.error(node, path(key), "required key is missing");
      return false;
    }
    return true;
  }

  Optional<String> string(String key) {
    return value(key).flatMap(v -> YamlValues.text(v, path(key), ctx));
  }

  Optional<Boolean> bool(String key) {
    return value(key).flatMap(v -> YamlValues.bool(v, path(key), ctx));
  }

  Optional<YamlMap> map(String key) {
    return value(key).flatMap(v -> of(v, path(key), ctx));
  }

  Optional<List<Node>> list(String key) {
    return value(key).flatMap(v -> YamlValues.list(v, path(key), ctx));
  }

  Optional<Path> hostPath(String key) {
    return value(key).flatMap(v -> YamlValues.hostPath(v, path(key), ctx));
  }

  Optional<String> imagePath(String key) {
    return value(key).flatMap(v -> YamlValues.imagePath(v, path(key), ctx));
  }
}
