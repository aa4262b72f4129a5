package dev.airlock.scan;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.Environment;
import dev.airlock.credentials.FileSecret;
import dev.airlock.credentials.Netrc;
import dev.airlock.credentials.NetrcLoader;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.credentials.SshIdentity;
import dev.airlock.error.AirlockException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.SecretKind;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads every credential value the manifest references, as {@code fetch} would, so {@code scan}
 * can search for it: tokens, basic passwords (with their {@code user:password} pair), ssh private
 * keys (each base64 line of the key file, and its decoded bytes) and their passphrases, the tokens
 * and passwords of the npmrc, settings.xml and .pypirc entries named, and every
 * password of the netrc files in play (the default one and any the manifest names). Values are
 * registered with the run's {@link SecretRegistry}, so output scrubs them. A value this environment
 * does not have is listed as unavailable, never guessed.
 */
public final class KnownSecretsLoader {
  private KnownSecretsLoader() {}

  public static KnownSecrets load(Manifest manifest, Environment env, SecretRegistry registry,
      Optional<Path> netrcOverride, Consumer<String> warn) {
    KnownSecrets out = new KnownSecrets();
    CredentialResolver resolver = new CredentialResolver(manifest, env, registry, netrcOverride, warn);
    netrc(out, env, registry, netrcOverride, warn, "default netrc");
    for (CredentialSpec spec : manifest.credentials().values()) {
      try {
        if (spec instanceof CredentialSpec.Token t) {
          out.add(SecretKind.TOKEN, t.id(), resolver.secret(t.id(), t.secret()));
        } else if (spec instanceof CredentialSpec.Basic b) {
          out.add(SecretKind.BASIC_PASSWORD, b.id(), resolver.secret(b.id(), b.password()), Optional.of(b.username()));
        } else if (spec instanceof CredentialSpec.Netrc n) {
          netrc(out, env, registry, netrcOverride.or(n::file), warn, "credential '" + n.id() + "'");
        } else if (spec instanceof CredentialSpec.Ssh ssh) {
          SshIdentity identity = resolver.sshIdentity(CredentialRef.named(ssh.id()));
          identity.keyText().ifPresent(k -> out.add(SecretKind.SSH_PRIVATE_KEY, ssh.id(), k));
          identity.passphrase().ifPresent(p -> out.add(SecretKind.SSH_PASSPHRASE, ssh.id(), p));
        } else if (fileKind(spec).isPresent()) {
          for (FileSecret v : resolver.fileSecrets(spec)) {
            out.add(fileKind(spec).get(), spec.id(), v.value(), v.user());
          }
        }
      } catch (AirlockException e) {
        out.unavailable(e.getMessage());
      }
    }
    return out;
  }

  private static void netrc(KnownSecrets out, Environment env, SecretRegistry registry, Optional<Path> file,
      Consumer<String> warn, String what) {
    Optional<Netrc> netrc;
    try {
      netrc = NetrcLoader.load(env, file, warn, windows());
    } catch (AirlockException e) {
      out.unavailable(what + ": " + e.getMessage());
      return;
    }
    netrc.ifPresent(n -> n.entries().forEach(e -> e.password().ifPresent(p -> {
      registry.register(p);
      out.add(SecretKind.NETRC_PASSWORD, "netrc:" + e.machine().orElse("default"), p, e.login());
    })));
  }

  /** The kind of a credential read from another tool's file (npmrc, settings.xml, .pypirc). */
  private static Optional<SecretKind> fileKind(CredentialSpec spec) {
    if (spec instanceof CredentialSpec.Npmrc) {
      return Optional.of(SecretKind.NPMRC_CREDENTIAL);
    }
    if (spec instanceof CredentialSpec.MavenSettings) {
      return Optional.of(SecretKind.MAVEN_SETTINGS_PASSWORD);
    }
    return spec instanceof CredentialSpec.Pypirc ? Optional.of(SecretKind.PYPIRC_PASSWORD) : Optional.empty();
  }

  private static boolean windows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
