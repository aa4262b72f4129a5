package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code pypi: { index, requirement | requirements | pylock, files, hosts }}. */
final class PypiSourceParser {
  /** PEP 508 names. */
  static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
  private static final Pattern PIN = Pattern.compile("\\s*([^=<>!~\\s\\[;]+)\\s*==\\s*(\\S+)\\s*");
  private static final Pattern GLOB = Pattern.compile("[^/\\\\]+");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private PypiSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("index", "requirement", "requirements", "pylock", "files", "hosts"), ADVICE);
    List<String> inputs = List.of("requirement", "requirements", "pylock").stream().filter(m::has).toList();
    if (inputs.isEmpty()) {
      ctx.error(m.mark(), m.path(), "needs one of: requirement (NAME==VERSION), requirements (a hashed "
          + "requirements file) or pylock (a PEP 751 pylock.toml)");
      return Optional.empty();
    }
    for (String extra : inputs.subList(1, inputs.size())) {
      ctx.error(m.keyNode(extra), m.path(extra), "only one of requirement, requirements and pylock");
    }
    String input = inputs.get(0);
    if (!input.equals("pylock")) {
      m.require("index");
    }
    if (!input.equals("requirement") && m.has("files")) {
      ctx.error(m.keyNode("files"), m.path("files"), "files: narrows a single requirement; with " + input
          + " the hashes in the file decide which files are vendored");
    }
    Optional<String> index = m.value("index").flatMap(n -> YamlValues.httpUrl(n, m.path("index"), ctx));
    boolean indexOk = !m.has("index") || index.isPresent();
    Optional<List<String>> hosts = m.has("hosts") ? ClosureHosts.parse(m, ctx) : Optional.of(List.of());
    if (input.equals("pylock") && !m.has("index") && hosts.map(List::isEmpty).orElse(false)) {
      ctx.error(m.mark(), m.path(), "pylock without index needs hosts: (the hosts its files may come from; "
          + "the source's credentials go to the first)");
    }
    Optional<PypiSource.Input> in = switch (input) {
      case "requirement" -> m.string("requirement")
          .flatMap(r -> requirement(r, m.value("requirement").orElseThrow(), m.path("requirement"), ctx))
          .map(p -> new PypiSource.Pin(p[0], Pep440Version.parse(p[1]).orElseThrow()));
      case "requirements" -> requirementsFile(m, ctx);
      default -> pylockFile(m, ctx);
    };
    Optional<List<String>> files = m.has("files") ? globs(m, ctx) : Optional.of(List.of());
    if (!indexOk || in.isEmpty() || files.isEmpty() || hosts.isEmpty() || inputs.size() > 1) {
      return Optional.empty();
    }
    return Optional.of(new PypiSource(common.name(), common.credentials(), common.dest(), index, in.get(),
        input.equals("requirement") ? files.get() : List.of(), hosts.get()));
  }

  private static Optional<PypiSource.Input> requirementsFile(YamlMap m, ParseContext ctx) {
    Optional<String> written = m.string("requirements");
    Optional<Path> file = m.hostPath("requirements");
    if (written.isEmpty() || file.isEmpty()) {
      return Optional.empty();
    }
    Node at = m.value("requirements").orElseThrow();
    RequirementsFile.Result r = RequirementsFile.read(file.get(), ctx.baseDir());
    r.errors().forEach(e -> ctx.error(at, m.path("requirements"), e));
    if (r.errors().isEmpty() && r.pins().isEmpty()) {
      ctx.error(at, m.path("requirements"), Problems.quote(written.get()) + " pins no package");
    }
    return r.errors().isEmpty() && !r.pins().isEmpty()
        ? Optional.of(new PypiSource.Requirements(written.get(), r.sha256(), r.pins(), r.files())) : Optional.empty();
  }

  private static Optional<PypiSource.Input> pylockFile(YamlMap m, ParseContext ctx) {
    Optional<String> written = m.string("pylock");
    Optional<Path> file = m.hostPath("pylock");
    if (written.isEmpty() || file.isEmpty()) {
      return Optional.empty();
    }
    Node at = m.value("pylock").orElseThrow();
    PylockFile.Result r = PylockFile.read(file.get(), written.get());
    r.errors().forEach(e -> ctx.error(at, m.path("pylock"), e));
    return r.errors().isEmpty() ? Optional.of(new PypiSource.Pylock(written.get(), r.sha256(), r.packages(), file.get()))
        : Optional.empty();
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
