package dev.airlock.manifest;

import dev.airlock.placement.ProjectPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The top level of {@code fetch.yaml}: version, vendor, tls, credentials, sources, docker, cache. */
final class ManifestParser {
  static final List<String> KEYS = List.of("version", "vendor", "tls", "credentials", "sources", "docker", "cache");
  static final String DEFAULT_VENDOR = "vendor";

  private final ParseContext ctx;
  private final YamlMap top;

  private ManifestParser(YamlMap top, ParseContext ctx) {
    this.top = top;
    this.ctx = ctx;
  }

  /** The manifest, or empty when anything was reported. {@code file} is absolute. */
  static Optional<Manifest> parse(Node root, Path file, ParseContext ctx) {
    if (!(root instanceof MappingNode)) {
      ctx.error(root, "", "the manifest must be a map of keys (version, sources, …), not "
          + YamlValues.describe(root));
      return Optional.empty();
    }
    return YamlMap.of(root, "", ctx).flatMap(top -> new ManifestParser(top, ctx).parse(file));
  }

  private Optional<Manifest> parse(Path file) {
    top.allowOnly(KEYS, "put the secret in a credentials entry (e.g. token: { env: VAR })");
    version();
    Optional<Path> vendor = vendor();
    List<Path> caCerts = caCerts();
    CredentialsParser.Result credentials = optionalMap("credentials")
        .map(m -> CredentialsParser.parse(m, ctx))
        .orElse(new CredentialsParser.Result(Map.of(), Set.of()));
    List<SourceSpec> sources = List.of();
    if (top.require("sources")) {
      sources = top.list("sources")
          .map(items -> SourcesParser.parse(items, "sources", credentials.declared(), ctx))
          .orElse(List.of());
    }
    DockerSpec docker = docker();
    Optional<ClientCertSpec> clientCert = clientCert();
    Optional<RemoteCacheSpec> remoteCache = optionalMap("cache")
        .flatMap(m -> RemoteCacheParser.parse(m, credentials.declared(), ctx));
    if (!ctx.problems().isEmpty() || vendor.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Manifest(file, 1, vendor.get(), caCerts, credentials.specs(), sources, docker, clientCert,
        remoteCache));
  }

  private void version() {
    if (!top.require("version")) {
      return;
    }
    Node v = top.value("version").orElseThrow();
    if (ctx.isPlaceholder(v)) {
      return;
    }
    if (!(v instanceof ScalarNode s && s.isPlain() && s.getValue().equals("1"))) {
      ctx.error(v, "version", "must be 1 (the only manifest version this airlock reads)");
    }
  }

  /**
   * Relative to the manifest's folder and inside it, because the Dockerfile COPYs from there; not
   * the folder itself (it holds the manifest, the lock and .airlock/), not inside .airlock/.
   */
  private Optional<Path> vendor() {
    String path = "vendor";
    Optional<String> value = top.has(path) ? top.string(path) : Optional.of(DEFAULT_VENDOR);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Node at = top.value(path).orElse(null);
    String v = value.get();
    Path base = ctx.baseDir();
    if (v.startsWith("/") || v.startsWith("~") || Path.of(v).isAbsolute()) {
      return refuse(at, "must be a path relative to the manifest's folder");
    }
    Path dir = base.resolve(v).normalize();
    if (!dir.startsWith(base)) {
      return refuse(at, "must stay inside the manifest's folder (no ..)");
    }
    if (dir.equals(base)) {
      return refuse(at, "must be a subfolder, not the manifest's folder itself");
    }
    if (dir.startsWith(base.resolve(".airlock"))) {
      return refuse(at, "must not be inside .airlock/, airlock's staging folder");
    }
    return Optional.of(dir);
  }

  private Optional<Path> refuse(Node at, String message) {
    ctx.error(at, "vendor", message);
    return Optional.empty();
  }

  private List<Path> caCerts() {
    List<Path> paths = new ArrayList<>();
    optionalMap("tls").ifPresent(tls -> {
      tls.allowOnly(List.of("caCerts", "clientCert", "clientKey"), "tls takes only certificate and key paths");
      tls.list("caCerts").ifPresent(items -> {
        for (int i = 0; i < items.size(); i++) {
          YamlValues.hostPath(items.get(i), YamlValues.index(tls.path("caCerts"), i), ctx).ifPresent(paths::add);
        }
      });
    });
    return paths;
  }

  /** {@code tls.clientCert} and {@code tls.clientKey}: both or neither. */
  private Optional<ClientCertSpec> clientCert() {
    Optional<YamlMap> tls = optionalMap("tls");
    if (tls.isEmpty() || (!tls.get().has("clientCert") && !tls.get().has("clientKey"))) {
      return Optional.empty();
    }
    YamlMap m = tls.get();
    if (!m.has("clientCert") || !m.has("clientKey")) {
      String missing = m.has("clientCert") ? "clientKey" : "clientCert";
      String present = m.has("clientCert") ? "clientCert" : "clientKey";
      ctx.error(m.keyNode(present), m.path(present), "needs " + missing + " too (a PEM certificate and its PEM key)");
      return Optional.empty();
    }
    Optional<java.nio.file.Path> cert = m.hostPath("clientCert");
    Optional<java.nio.file.Path> key = m.hostPath("clientKey");
    return cert.isPresent() && key.isPresent() ? Optional.of(new ClientCertSpec(cert.get(), key.get())) : Optional.empty();
  }

  private DockerSpec docker() {
    DockerSpec d = DockerSpec.DEFAULTS;
    Optional<YamlMap> block = optionalMap("docker");
    if (block.isEmpty()) {
      return d;
    }
    YamlMap m = block.get();
    m.allowOnly(List.of("base", "template", "output", "prefix"), "docker takes no secrets");
    if (m.has("base") && m.has("template")) {
      ctx.error(m.keyNode("template"), m.path("template"), "base and template exclude each other; keep one "
          + "(base: airlock writes the whole Dockerfile; template: airlock fills in yours)");
    }
    return new DockerSpec(
        m.string("base"),
        m.string("template"),
        m.string("output").filter(o -> insideProject(m, o)).orElse(d.output()),
        m.imagePath("prefix").orElse(d.prefix()));
  }

  /**
   * {@code docker.output} (and the {@code .dockerignore} written beside it) must be a file of the
   * project: relative, inside the manifest's folder, and reached through real folders only (a
   * checkout could plant {@code build -> ~}). A template may be read from anywhere; nothing is
   * written outside.
   */
  private boolean insideProject(YamlMap m, String output) {
    Node at = m.value("output").orElseThrow();
    String path = m.path("output");
    Path base = ctx.baseDir();
    if (output.startsWith("/") || output.startsWith("~") || output.indexOf('\\') >= 0 || output.indexOf('\0') >= 0
        || Path.of(output).isAbsolute()) {
      ctx.error(at, path, "must be a path relative to the manifest's folder (airlock writes only inside the project)");
      return false;
    }
    Path out = base.resolve(output).normalize();
    if (!out.startsWith(base) || out.equals(base) || output.endsWith("/")) {
      ctx.error(at, path, "must name a file inside the manifest's folder (no ..)");
      return false;
    }
    Optional<Path> link = ProjectPaths.firstLink(base, out);
    if (link.isPresent()) {
      ctx.error(at, path, "goes through the symlink " + base.relativize(link.get())
          + "; airlock writes only through real folders and files of the project");
      return false;
    }
    return true;
  }

  /** An optional block; written but empty ({@code docker:} alone) counts as absent. */
  private Optional<YamlMap> optionalMap(String key) {
    return top.value(key).filter(v -> !YamlValues.isNull(v)).flatMap(v -> YamlMap.of(v, key, ctx));
  }
}
