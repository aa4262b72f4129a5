package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code git: { url, ref, paths, allowCaseCollisions }}. */
final class GitSourceParser {
  private static final Pattern HEX40 = Pattern.compile("[0-9a-fA-F]{40}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. ssh: { key: PATH }) and name it in credentials:";

  private GitSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("url", "ref", "paths", "allowCaseCollisions"), ADVICE);
    m.require("url");
    m.require("ref");
    Optional<GitUrl> url = m.value("url").flatMap(n -> url(n, m.path("url"), ctx));
    Optional<String> ref = m.value("ref").flatMap(n -> ref(n, m.path("ref"), ctx));
    Optional<List<String>> paths = m.has("paths")
        ? m.list("paths").flatMap(items -> paths(m.value("paths").orElseThrow(), items, m.path("paths"), ctx))
        : Optional.of(List.of());
    Optional<Boolean> collisions = m.has("allowCaseCollisions") ? m.bool("allowCaseCollisions") : Optional.of(false);
    if (url.isEmpty() || ref.isEmpty() || paths.isEmpty() || collisions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new GitSource(common.name(), common.credentials(), common.dest(), url.get(), ref.get(),
        paths.get(), collisions.get()));
  }

  static Optional<GitUrl> url(Node n, String path, ParseContext ctx) {
    Optional<String> raw = YamlValues.text(n, path, ctx);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    GitUrlPolicy.Result r = GitUrlPolicy.check(raw.get());
    r.problems().forEach(p -> ctx.error(n, path, p));
    return r.url();
  }

  /** A ref name as {@code git check-ref-format} accepts it, {@code HEAD}, or a full commit id. */
  static Optional<String> ref(Node n, String path, ParseContext ctx) {
    Optional<String> text = YamlValues.text(n, path, ctx);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String ref = text.get();
    if (HEX40.matcher(ref).matches()) {
      return Optional.of(ref.toLowerCase(Locale.ROOT));
    }
    String problem = refProblem(ref);
    if (problem != null) {
      ctx.error(n, path, problem);
      return Optional.empty();
    }
    return Optional.of(ref);
  }

  private static String refProblem(String ref) {
    if (HEX64.matcher(ref).matches()) {
      return "SHA-256 repositories are not supported; use a tag or branch name";
    }
    if (ref.startsWith("-")) {
      return "must not start with '-'";
    }
    if (ref.chars().anyMatch(c -> c == ' ' || "~^:?*[\\".indexOf(c) >= 0) || ref.contains("..")
        || ref.contains("@{") || ref.equals("@") || ref.contains("//") || ref.startsWith("/")
        || ref.endsWith("/") || ref.endsWith(".")) {
      return "not a valid ref: use a tag, a branch, a full ref name (refs/…) or a 40-digit commit id";
    }
    for (String part : ref.split("/")) {
      if (part.startsWith(".") || part.endsWith(".lock")) {
        return "not a valid ref: no part may start with '.' or end with '.lock'";
      }
    }
    return null;
  }

  /** Relative paths inside the tree, without {@code ..} or {@code .git}; sorted and de-duplicated. */
  static Optional<List<String>> paths(Node list, List<Node> items, String path, ParseContext ctx) {
    if (items.isEmpty()) {
      ctx.error(list, path, "must list at least one path (or leave paths out)");
      return Optional.empty();
    }
    TreeSet<String> out = new TreeSet<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String at = YamlValues.index(path, i);
      Optional<String> text = YamlValues.text(items.get(i), at, ctx);
      if (text.isEmpty()) {
        ok = false;
        continue;
      }
      Optional<String> normal = treePath(text.get());
      if (normal.isEmpty()) {
        ctx.error(items.get(i), at, "must be a relative path inside the repository "
            + "(no leading /, no backslash, no '..' or '.git')");
        ok = false;
        continue;
      }
      out.add(normal.get());
    }
    return ok ? Optional.of(new ArrayList<>(out)) : Optional.empty();
  }

  /** {@code a/b/} → {@code a/b}; empty when the path could leave the tree or name git's own folder. */
  static Optional<String> treePath(String raw) {
    if (raw.startsWith("/") || raw.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String s : raw.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..") || s.equalsIgnoreCase(".git")) {
        return Optional.empty();
      }
      segments.add(s);
    }
    return segments.isEmpty() ? Optional.empty() : Optional.of(String.join("/", segments));
  }
}
