package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code ssh: { key, passphraseEnv|passphraseFile, knownHosts, agent }}. The key is a path (its
 * contents never belong in the manifest); a {@code passphrase:} value is refused as a literal
 * secret. Without {@code agent: true} a key is required.
 */
final class SshCredentialParser {
  static final List<String> KEYS = List.of("key", "passphraseEnv", "passphraseFile", "knownHosts", "agent");

  private SshCredentialParser() {}

  static Optional<CredentialSpec> parse(String id, Node body, String path, ParseContext ctx) {
    if (body instanceof ScalarNode && !YamlValues.isNull(body) && !ctx.isPlaceholder(body)) {
      ctx.error(body, path, "must be a map: ssh: { key: PATH, knownHosts: PATH }");
      return Optional.empty();
    }
    if (YamlValues.isNull(body)) {
      ctx.error(body, path, "needs key: PATH (or agent: true)");
      return Optional.empty();
    }
    return YamlMap.of(body, path, ctx).flatMap(m -> {
      m.allowOnly(KEYS, "use passphraseEnv: VAR or passphraseFile: PATH");
      boolean agent = m.has("agent") ? m.bool("agent").orElse(false) : false;
      Optional<Path> key = m.hostPath("key");
      if (!m.has("key") && !agent) {
        ctx.error(m.mark(), m.path("key"), "required key is missing (a private key file; or agent: true)");
        return Optional.empty();
      }
      Optional<SecretRef> passphrase = Optional.empty();
      boolean passphraseOk = true;
      if (m.has("passphraseEnv") || m.has("passphraseFile")) {
        if (!m.has("key")) {
          ctx.error(m.mark(), m.path(), "a passphrase needs a key: the agent holds its keys decrypted");
        }
        passphrase = CredentialsParser.secretRef(m, "passphraseEnv", "passphraseFile", ctx);
        passphraseOk = passphrase.isPresent();
      }
      Path knownHosts = m.has("knownHosts")
          ? m.hostPath("knownHosts").orElse(null)
          : ctx.env().home().resolve(".ssh").resolve("known_hosts");
      if ((m.has("key") && key.isEmpty()) || !passphraseOk || knownHosts == null || m.hadLiteralSecret()) {
        return Optional.empty();
      }
      return Optional.of(new CredentialSpec.Ssh(id, key, passphrase, knownHosts, agent));
    });
  }
}
