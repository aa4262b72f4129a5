package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code pypi: { index, requirement, files }}. */
final class PypiSourceParser {
  /** PEP 508 names. */
  static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
  private static final Pattern PIN = Pattern.compile("\\s*([^=<>!~\\s\\[;]+)\\s*==\\s*(\\S+)\\s*");
  private static final Pattern GLOB = Pattern.compile("[^/\\\\]+");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private PypiSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("index", "requirement", "files"), ADVICE);
    m.require("index");
    m.require("requirement");
    Optional<String> index = m.value("index").flatMap(n -> YamlValues.httpUrl(n, m.path("index"), ctx));
    Optional<String[]> pin = m.string("requirement")
        .flatMap(r -> requirement(r, m.value("requirement").orElseThrow(), m.path("requirement"), ctx));
    Optional<List<String>> files = m.has("files") ? globs(m, ctx) : Optional.of(List.of());
    if (index.isEmpty() || pin.isEmpty() || files.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PypiSource(common.name(), common.credentials(), common.dest(), index.get(),
        pin.get()[0], Pep440Version.parse(pin.get()[1]).orElseThrow(), files.get()));
  }

  /** {@code NAME==VERSION}, nothing else: the file set must not move. Returns {name, version}. */
  static Optional<String[]> requirement(String value, Node node, String path, ParseContext ctx) {
    if (value.contains("[")) {
      ctx.error(node, path, "extras ([…]) are not supported: they select dependencies, not files");
      return Optional.empty();
    }
    if (value.contains(";") || value.contains("@")) {
      ctx.error(node, path, "markers and URL requirements are not supported; write NAME==VERSION");
      return Optional.empty();
    }
    Matcher m = PIN.matcher(value);
    if (!m.matches() || value.contains("===")) {
      ctx.error(node, path, "must be an exact pin NAME==VERSION (e.g. internal-lib==1.4.2)");
      return Optional.empty();
    }
    if (!PROJECT.matcher(m.group(1)).matches()) {
      ctx.error(node, path, "not a valid project name (letters, digits, . _ -)");
      return Optional.empty();
    }
    if (Pep440Version.parse(m.group(2)).isEmpty()) {
      ctx.error(node, path, "not an exact PEP 440 version (no wildcards or ranges)");
      return Optional.empty();
    }
    return Optional.of(new String[] {m.group(1), m.group(2)});
  }

  private static Optional<List<String>> globs(YamlMap m, ParseContext ctx) {
    Optional<List<Node>> items = m.list("files");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      ctx.error(m.value("files").orElseThrow(), m.path("files"), "must list at least one file name or glob");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      Node n = items.get().get(i);
      String p = YamlValues.index(m.path("files"), i);
      Optional<String> g = YamlValues.text(n, p, ctx);
      if (g.isPresent() && !GLOB.matcher(g.get()).matches()) {
        ctx.error(n, p, "a file name or glob (* and ?) without / or \\");
        g = Optional.empty();
      }
      g.ifPresent(out::add);
      ok &= g.isPresent();
    }
    return ok ? Optional.of(out) : Optional.empty();
  }
}
