package dev.airlock.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code npm: { registry, package }} or {@code npm: { registry, lockfile, hosts }}. */
final class NpmSourceParser {
  private static final String PART = "[a-z0-9~-][a-z0-9._~-]*";
  /** npm package names (validate-npm-package-name) and an exact semver 2.0 version. */
  private static final Pattern SPEC = Pattern.compile(
      "((?:@" + PART + "/)?" + PART + ")@"
          + "((?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)"
          + "(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)");
  /** {@code HOST} or {@code HOST:PORT}: a DNS name or IPv4 address, lower case. */
  static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
  private static final long MAX_LOCKFILE = 256L * 1024 * 1024;
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private NpmSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("registry", "package", "lockfile", "hosts"), ADVICE);
    m.require("registry");
    Optional<String> registry = m.value("registry").flatMap(n -> YamlValues.httpUrl(n, m.path("registry"), ctx));
    if (m.has("package") && m.has("lockfile")) {
      ctx.error(m.keyNode("lockfile"), m.path("lockfile"),
          "package and lockfile exclude each other: one exact package, or every package of a lock file");
      return Optional.empty();
    }
    if (m.has("lockfile")) {
      return lockfile(common, m, ctx, registry);
    }
    if (m.has("hosts")) {
      ctx.error(m.keyNode("hosts"), m.path("hosts"), "only a lockfile source downloads from other hosts");
    }
    m.require("package"); // (or lockfile:)
    Optional<String> spec = m.string("package");
    Optional<Matcher> pkg = spec.map(SPEC::matcher).filter(Matcher::matches)
        .filter(x -> x.group(1).length() <= 214);
    if (spec.isPresent() && pkg.isEmpty()) {
      ctx.error(m.value("package").orElseThrow(), m.path("package"),
          "must be NAME@VERSION or @SCOPE/NAME@VERSION with an exact version (e.g. \"@corp/ui-kit@3.2.1\"); "
              + "names are lower case");
    }
    if (registry.isEmpty() || pkg.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new NpmSource(common.name(), common.credentials(), common.dest(), registry.get(),
        pkg.get().group(1), pkg.get().group(2)));
  }

  private static Optional<SourceSpec> lockfile(SourcesParser.Common common, YamlMap m, ParseContext ctx,
      Optional<String> registry) {
    Optional<String> written = m.string("lockfile");
    Optional<Path> file = m.hostPath("lockfile");
    List<String> hosts = hosts(m, ctx);
    if (registry.isEmpty() || written.isEmpty() || file.isEmpty() || hosts == null) {
      return Optional.empty();
    }
    Node at = m.value("lockfile").orElseThrow();
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file.get())) { // not a folder, device or pipe, which could never end
        ctx.error(at, m.path("lockfile"), (Files.exists(file.get()) ? written.get() + " is not a regular file"
            : "cannot read " + written.get() + " (" + file.get() + "): no such file"));
        return Optional.empty();
      }
      if (Files.size(file.get()) > MAX_LOCKFILE) {
        ctx.error(at, m.path("lockfile"), written.get() + " is larger than 256 MiB");
        return Optional.empty();
      }
      bytes = Files.readAllBytes(file.get());
    } catch (IOException e) {
      ctx.error(at, m.path("lockfile"), "cannot read " + written.get() + " (" + file.get() + ")");
      return Optional.empty();
    }
    try {
      NpmLockfile lock = NpmLockfile.parse(bytes);
      return Optional.of(new NpmLockSource(common.name(), common.credentials(), common.dest(), registry.get(),
          written.get(), file.get().toAbsolutePath().normalize(), lock, hosts));
    } catch (NpmLockfile.Invalid e) {
      ctx.error(at, m.path("lockfile"), written.get() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The {@code hosts} list, or null after reporting a problem. */
  private static List<String> hosts(YamlMap m, ParseContext ctx) {
    List<String> out = new ArrayList<>();
    if (!m.has("hosts")) {
      return out;
    }
    Optional<List<Node>> items = m.list("hosts");
    if (items.isEmpty()) {
      return null;
    }
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      String path = YamlValues.index(m.path("hosts"), i);
      Optional<String> h = YamlValues.text(items.get().get(i), path, ctx);
      if (h.isEmpty()) {
        ok = false;
      } else if (!HOST.matcher(h.get()).matches()) {
        ctx.error(items.get().get(i), path, "must be HOST or HOST:PORT in lower case (no scheme, path or user)");
        ok = false;
      } else {
        out.add(h.get());
      }
    }
    return ok ? out : null;
  }
}
