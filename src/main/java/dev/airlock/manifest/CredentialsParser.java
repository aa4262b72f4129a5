package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code credentials:} block: {@code ID: { netrc | token | basic | ssh | helper | npmrc | mavenSettings | pypirc }}. Only where to read a
 * secret is accepted; a value in its place is refused without being repeated.
 */
final class CredentialsParser {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** RFC 9110 token characters. */
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers that frame the request or go to a proxy: never a place for a credential. */
  static final Set<String> RESERVED_HEADERS = Set.of(
      "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
      "trailer", "expect", "proxy-authorization", "proxy-connection");
  static final List<String> KINDS = List.of("netrc", "token", "basic", "ssh", "helper", "npmrc", "mavenSettings", "pypirc");

  private static final String ENTRY_ADVICE =
      "use token: { env: VAR } or basic: { username: USER, passwordEnv: VAR }";

  /** Parsed entries, and every id declared (also those whose entry was invalid). */
  record Result(Map<String, CredentialSpec> specs, Set<String> declared) {}

  private final ParseContext ctx;

  private CredentialsParser(ParseContext ctx) {
    this.ctx = ctx;
  }

  static Result parse(YamlMap block, ParseContext ctx) {
    CredentialsParser p = new CredentialsParser(ctx);
    Map<String, CredentialSpec> specs = new LinkedHashMap<>();
    Set<String> declared = new LinkedHashSet<>();
    for (String id : block.keys()) {
      declared.add(id);
      String path = block.path(id);
      boolean validId = false;
      if (id.equals("none")) {
        ctx.error(block.keyNode(id), path, "'none' is reserved: a source uses it to send no credentials");
      } else if (!ID.matcher(id).matches()) {
        ctx.error(block.keyNode(id), path, "credentials id " + Problems.quote(id)
            + " must match [a-z0-9][a-z0-9._-]*");
      } else {
        validId = true;
      }
      Optional<CredentialSpec> spec = p.entry(id, block.value(id).orElseThrow(), path); // checked either way
      if (validId) {
        spec.ifPresent(s -> specs.put(id, s));
      }
    }
    return new Result(specs, declared);
  }

  private Optional<CredentialSpec> entry(String id, Node value, String path) {
    if (refusedScalar(value, path, ENTRY_ADVICE)) {
      return Optional.empty();
    }
    Optional<YamlMap> entry = YamlMap.of(value, path, ctx);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = entry.get();
    m.allowOnly(KINDS, ENTRY_ADVICE);
    List<String> present = KINDS.stream().filter(m::has).toList();
    if (present.isEmpty()) {
      ctx.error(m.mark(), path, "needs one of: " + String.join(", ", KINDS));
      return Optional.empty();
    }
    for (String extra : present.subList(1, present.size())) {
      ctx.error(m.keyNode(extra), m.path(extra), "only one of " + String.join(", ", KINDS) + " per entry ('"
          + present.get(0) + "' is at line " + (m.keyNode(present.get(0)).getStartMark().getLine() + 1) + ")");
    }
    String kind = present.get(0);
    Node body = m.value(kind).orElseThrow();
    return switch (kind) {
      case "netrc" -> netrc(id, body, m.path(kind));
      case "token" -> token(id, body, m.path(kind));
      case "ssh" -> SshCredentialParser.parse(id, body, m.path(kind), ctx);
      case "helper" -> HelperParser.parse(id, body, m.path(kind), ctx);
      case "npmrc" -> FileCredentialParser.npmrc(id, body, m.path(kind), ctx);
      case "mavenSettings" -> FileCredentialParser.mavenSettings(id, body, m.path(kind), ctx);
      case "pypirc" -> FileCredentialParser.pypirc(id, body, m.path(kind), ctx);
      default -> basic(id, body, m.path(kind));
    };
  }

  private Optional<CredentialSpec> netrc(String id, Node body, String path) {
    if (YamlValues.isNull(body)) {
      return Optional.of(new CredentialSpec.Netrc(id, Optional.empty(), false));
    }
    return YamlMap.of(body, path, ctx).map(m -> {
      m.allowOnly(List.of("file", "default"), "netrc entries are read from the netrc file");
      Optional<Path> file = m.hostPath("file");
      boolean useDefault = m.bool("default").orElse(false);
      return new CredentialSpec.Netrc(id, file, useDefault);
    });
  }

  private Optional<CredentialSpec> token(String id, Node body, String path) {
    if (refusedScalar(body, path, "use token: { env: VAR } or token: { file: PATH }")) {
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(List.of("env", "file", "header"), "use env or file");
      Optional<String> header = m.string("header").filter(h -> validHeader(h, m));
      Optional<SecretRef> secret = secretRef(m, "env", "file");
      return secret.map(s -> new CredentialSpec.Token(id, s, header));
    });
  }

  private Optional<CredentialSpec> basic(String id, Node body, String path) {
    if (refusedScalar(body, path, "use basic: { username: USER, passwordEnv: VAR }")) {
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(List.of("username", "passwordEnv", "passwordFile"), "use passwordEnv or passwordFile");
      m.require("username");
      Optional<String> user = m.string("username");
      if (user.isPresent() && user.get().indexOf(':') >= 0) {
        ctx.error(m.value("username").orElseThrow(), m.path("username"), "must not contain ':'");
        user = Optional.empty();
      }
      Optional<SecretRef> password = secretRef(m, "passwordEnv", "passwordFile");
      return user.isPresent() && password.isPresent()
          ? Optional.of(new CredentialSpec.Basic(id, user.get(), password.get()))
          : Optional.empty();
    });
  }

  /** A non-empty scalar where a map of "where to read it" belongs: a literal secret. */
  private boolean refusedScalar(Node body, String path, String advice) {
    if (body instanceof ScalarNode && !YamlValues.isNull(body)
        && !ctx.isPlaceholder(body)) {
      ctx.error(body, path, SecretKeys.literalSecret(advice));
      return true;
    }
    return false;
  }

  /** Exactly one of an environment variable or a file. */
  static Optional<SecretRef> secretRef(YamlMap m, String envKey, String fileKey, ParseContext ctx) {
    return new CredentialsParser(ctx).secretRef(m, envKey, fileKey);
  }

  private Optional<SecretRef> secretRef(YamlMap m, String envKey, String fileKey) {
    if (m.has(envKey) && m.has(fileKey)) {
      ctx.error(m.keyNode(fileKey), m.path(fileKey), "use either " + envKey + " or " + fileKey + ", not both");
      return Optional.empty();
    }
    if (!m.has(envKey) && !m.has(fileKey)) {
      if (m.hadLiteralSecret()) {
        return Optional.empty(); // the literal secret's error already says what to write instead
      }
      ctx.error(m.mark(), m.path(), "needs " + envKey + " (a variable name) or " + fileKey + " (a path)");
      return Optional.empty();
    }
    if (m.has(fileKey)) {
      return m.hostPath(fileKey).map(SecretRef.File::new);
    }
    Node node = m.value(envKey).orElseThrow();
    return m.string(envKey).filter(v -> {
      if (SecretKeys.looksLikeSecretValue(v)) {
        ctx.error(node, m.path(envKey), "looks like a secret value, not a variable name; "
            + "put the secret in the environment and name the variable here");
        return false;
      }
      if (!ENV_VAR.matcher(v).matches()) {
        ctx.error(node, m.path(envKey), "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        return false;
      }
      return true;
    }).map(SecretRef.Env::new);
  }

  private boolean validHeader(String header, YamlMap m) {
    Node node = m.value("header").orElseThrow();
    if (!HEADER_NAME.matcher(header).matches()) {
      ctx.error(node, m.path("header"), "must be an HTTP header name (letters, digits, -)");
      return false;
    }
    if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
      ctx.error(node, m.path("header"), "cannot carry a credential: " + Problems.quote(header)
          + " is a request-framing or proxy header");
      return false;
    }
    return true;
  }
}
