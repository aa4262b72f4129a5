package dev.airlock.manifest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** {@code helper: { command: [prog, args…], timeoutSeconds: N }}: a git credential helper. */
final class HelperParser {
  static final int DEFAULT_TIMEOUT_SECONDS = 30;
  static final int MAX_TIMEOUT_SECONDS = 600;

  private HelperParser() {}

  static Optional<CredentialSpec> parse(String id, Node body, String path, ParseContext ctx) {
    if (body instanceof ScalarNode && !YamlValues.isNull(body) && !ctx.isPlaceholder(body)) {
      ctx.error(body, path, "must be a map: helper: { command: [PROGRAM, ARGS…] } (no shell: a list, not a string)");
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(List.of("command", "timeoutSeconds"), "the helper prints the secret; the manifest names only the program");
      m.require("command");
      Optional<List<String>> command = m.list("command").flatMap(items -> command(items, m.value("command").orElseThrow(), m.path("command"), ctx));
      int timeout = DEFAULT_TIMEOUT_SECONDS;
      if (m.has("timeoutSeconds")) {
        Node t = m.value("timeoutSeconds").orElseThrow();
        Optional<Integer> v = m.string("timeoutSeconds").flatMap(HelperParser::integer)
            .filter(n -> n >= 1 && n <= MAX_TIMEOUT_SECONDS);
        if (v.isEmpty()) {
          ctx.error(t, m.path("timeoutSeconds"), "must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
          return Optional.empty();
        }
        timeout = v.get();
      }
      Duration d = Duration.ofSeconds(timeout);
      return command.map(c -> new CredentialSpec.Helper(id, c, d));
    });
  }

  private static Optional<Integer> integer(String s) {
    try {
      return Optional.of(Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Non-empty strings; the program as a path (relative to the manifest, ~ = $HOME) or a bare name for PATH. */
  private static Optional<List<String>> command(List<Node> items, Node list, String path, ParseContext ctx) {
    if (items.isEmpty()) {
      ctx.error(list, path, "needs at least the program: [PROGRAM, ARGS…]");
      return Optional.empty();
    }
    List<String> argv = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String at = YamlValues.index(path, i);
      Optional<String> s = YamlValues.text(items.get(i), at, ctx);
      if (s.isEmpty() || s.get().isEmpty()) {
        if (s.isPresent()) {
          ctx.error(items.get(i), at, "must not be empty");
        }
        ok = false;
        continue;
      }
      if (SecretKeys.looksLikeSecretValue(s.get())) {
        ctx.error(items.get(i), at, "looks like a secret value; the helper must read it itself "
            + "(from a keychain, a file, or its own environment)");
        ok = false;
        continue;
      }
      String arg = s.get();
      if (i == 0 && (arg.contains("/") || arg.startsWith("~"))) {
        Optional<Path> p = YamlValues.hostPath(items.get(i), at, ctx);
        if (p.isEmpty()) {
          ok = false;
          continue;
        }
        arg = p.get().toString();
      }
      argv.add(arg);
    }
    return ok ? Optional.of(argv) : Optional.empty();
  }
}
