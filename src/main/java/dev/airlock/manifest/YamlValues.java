package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of single nodes. Each returns empty after reporting what is wrong, and no message
 * ever repeats the scalar's value (it might be a secret typed into the wrong place).
 */
final class YamlValues {
  private YamlValues() {}

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** "a map", "a list", "a string", … for messages. */
  static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    Tag t = n.getTag();
    if (t.equals(Tag.NULL)) {
      return "nothing";
    }
    if (t.equals(Tag.BOOL)) {
      return "a boolean";
    }
    if (t.equals(Tag.INT) || t.equals(Tag.FLOAT)) {
      return "a number";
    }
    return "a string";
  }

  /** A non-empty scalar as written (numbers and dates are taken as their text). */
  static Optional<String> text(Node n, String path, ParseContext ctx) {
    if (ctx.isPlaceholder(n)) {
      return Optional.empty();
    }
    if (!(n instanceof ScalarNode s)) {
      ctx.error(n, path, "must be a string, not " + describe(n));
      return Optional.empty();
    }
    if (isNull(s) || s.getValue().isEmpty()) {
      ctx.error(n, path, "must not be empty");
      return Optional.empty();
    }
    if (s.getValue().codePoints().anyMatch(Character::isISOControl)) {
      ctx.error(n, path, "must not contain control characters (tab, newline, …)");
      return Optional.empty();
    }
    return Optional.of(s.getValue());
  }

  /** Only the plain words {@code true} and {@code false}: no {@code yes}, {@code on}, quotes. */
  static Optional<Boolean> bool(Node n, String path, ParseContext ctx) {
    if (ctx.isPlaceholder(n)) {
      return Optional.empty();
    }
    if (n instanceof ScalarNode s && s.isPlain()
        && (s.getValue().equals("true") || s.getValue().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(s.getValue()));
    }
    ctx.error(n, path, "must be true or false");
    return Optional.empty();
  }

  static Optional<List<Node>> list(Node n, String path, ParseContext ctx) {
    if (ctx.isPlaceholder(n)) {
      return Optional.empty();
    }
    if (n instanceof SequenceNode s) {
      return Optional.of(s.getValue());
    }
    ctx.error(n, path, "must be a list, not " + describe(n));
    return Optional.empty();
  }

  /**
   * A host path: {@code ~} and {@code ~/…} follow $HOME, anything else not absolute is relative to
   * the manifest's folder. {@code ~user/…} is refused rather than silently taken as a folder name.
   */
  static Optional<Path> hostPath(Node n, String path, ParseContext ctx) {
    Optional<String> s = text(n, path, ctx);
    if (s.isPresent() && s.get().startsWith("~") && !s.get().equals("~") && !s.get().startsWith("~/")) {
      ctx.error(n, path, "only ~/ is supported for the home folder, not ~user/");
      return Optional.empty();
    }
    return s.map(v -> ctx.env().resolvePath(ctx.baseDir(), v));
  }

  /** A path inside the image (dest, docker.prefix): must be absolute. */
  static Optional<String> imagePath(Node n, String path, ParseContext ctx) {
    Optional<String> s = text(n, path, ctx);
    if (s.isPresent() && !s.get().startsWith("/")) {
      ctx.error(n, path, "must be an absolute path in the image (starting with /)");
      return Optional.empty();
    }
    return s;
  }

  /**
   * An http(s) URL that passes {@link UrlPolicy}, in OkHttp's canonical form; each problem is
   * reported at the value (never repeating it). Shared by every kind that takes a URL.
   */
  static Optional<String> httpUrl(Node n, String path, ParseContext ctx) {
    Optional<String> raw = text(n, path, ctx);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    UrlPolicy.Result r = UrlPolicy.check(raw.get());
    r.problems().forEach(p -> ctx.error(n, path, p));
    return r.url().map(Object::toString);
  }
}
