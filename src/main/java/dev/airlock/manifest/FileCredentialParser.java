package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The credential kinds read from files users already keep: {@code npmrc: { file }},
 * {@code mavenSettings: { server, file, settingsSecurity }} and {@code pypirc: { repository, file }}.
 * The manifest names the file and the entry, never a value from it.
 */
final class FileCredentialParser {
  /** A settings.xml id or a .pypirc section name: printable, no spaces or brackets. */
  private static final Pattern ENTRY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]*");

  private FileCredentialParser() {}

  static Optional<CredentialSpec> npmrc(String id, Node body, String path, ParseContext ctx) {
    if (YamlValues.isNull(body)) {
      return Optional.of(new CredentialSpec.Npmrc(id, Optional.empty()));
    }
    if (notMap(body, path, ctx, "npmrc: {} or npmrc: { file: PATH }")) {
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).map(m -> {
      m.allowOnly(List.of("file"), "the token is read from the npmrc file");
      return new CredentialSpec.Npmrc(id, m.hostPath("file"));
    });
  }

  static Optional<CredentialSpec> mavenSettings(String id, Node body, String path, ParseContext ctx) {
    if (notMap(body, path, ctx, "mavenSettings: { server: ID }")) {
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(List.of("server", "file", "settingsSecurity"),
          "the password is read from the <server> entry of settings.xml");
      m.require("server");
      Optional<String> server = name(m, "server", ctx);
      Optional<Path> file = m.hostPath("file");
      Optional<Path> security = m.hostPath("settingsSecurity");
      return server.map(s -> new CredentialSpec.MavenSettings(id, s, file, security));
    });
  }

  static Optional<CredentialSpec> pypirc(String id, Node body, String path, ParseContext ctx) {
    if (notMap(body, path, ctx, "pypirc: { repository: NAME }")) {
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(List.of("repository", "file"), "the password is read from the .pypirc section");
      m.require("repository");
      Optional<String> section = name(m, "repository", ctx);
      Optional<Path> file = m.hostPath("file");
      return section.map(s -> new CredentialSpec.Pypirc(id, s, file));
    });
  }

  private static boolean notMap(Node body, String path, ParseContext ctx, String shape) {
    if (body instanceof ScalarNode && !YamlValues.isNull(body) && !ctx.isPlaceholder(body)) {
      ctx.error(body, path, "must be a map: " + shape + " (the secret stays in its file)");
      return true;
    }
    return false;
  }

  private static Optional<String> name(YamlMap m, String key, ParseContext ctx) {
    return m.string(key).filter(v -> {
      Node node = m.value(key).orElseThrow();
      if (SecretKeys.looksLikeSecretValue(v)) {
        ctx.error(node, m.path(key), "looks like a secret value, not the name of an entry of the file");
        return false;
      }
      if (!ENTRY_NAME.matcher(v).matches()) {
        ctx.error(node, m.path(key), "must be the name of an entry of the file (letters, digits, . _ : @ + -)");
        return false;
      }
      return true;
    });
  }
}
