package dev.airlock.scan;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.FileSecret;
import dev.airlock.credentials.Netrc;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.credentials.SshIdentity;
import dev.airlock.error.AirlockException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.SecretKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Collects, once, the {@link KnownSecrets} a command looks for, reading every value through a
 * {@link CredentialResolver} (which registers each with the run's {@link SecretRegistry}, so output
 * scrubs it; the registry is never read back). {@code scan} and {@code verify} take every credential
 * the manifest names ({@link #load}); {@code fetch} takes the ones its sources used ({@link #usedBy}).
 * Values: tokens, basic passwords (with their {@code user:password} pair), ssh private keys (each
 * base64 line of the key file, and its decoded bytes; a settings.xml {@code <privateKey>} too) and
 * their passphrases, the tokens and
 * passwords of the npmrc, settings.xml and .pypirc entries named, every password of the netrc files
 * in play, what credential helpers answered in this run, and the proxies' passwords. A value this
 * environment does not have is listed as unavailable, never guessed.
 */
public final class KnownSecretsLoader {
  private KnownSecretsLoader() {}

  /** What {@code scan} and {@code verify} look for: every credential the manifest names, and the default netrc. */
  public static KnownSecrets load(Manifest manifest, Environment env, SecretRegistry registry,
      Optional<Path> netrcOverride, Consumer<String> warn) {
    List<CredentialRef> all = new ArrayList<>();
    all.add(CredentialRef.DEFAULT);
    manifest.credentials().keySet().forEach(id -> all.add(CredentialRef.named(id)));
    return collect(manifest, new CredentialResolver(manifest, env, registry, netrcOverride, warn), all, List.of());
  }

  /**
   * What {@code fetch} looks for in what it staged: the credentials of the sources it fetched (read
   * already, so nothing new is read), the answers {@code resolver}'s helpers gave, and the
   * proxies' logins.
   */
  public static KnownSecrets usedBy(Manifest manifest, Collection<CredentialRef> used, CredentialResolver resolver,
      List<FileSecret> proxyLogins) {
    return collect(manifest, resolver, used, proxyLogins);
  }

  private static KnownSecrets collect(Manifest manifest, CredentialResolver resolver, Collection<CredentialRef> refs,
      List<FileSecret> proxyLogins) {
    KnownSecrets.Builder out = KnownSecrets.builder();
    for (CredentialRef ref : new LinkedHashSet<>(refs)) {
      if (ref.mode() == CredentialRef.Mode.DEFAULT_NETRC) {
        netrc(out, resolver, Optional.empty(), "default netrc");
      } else if (ref.mode() == CredentialRef.Mode.NAMED) {
        CredentialSpec spec = manifest.credentials().get(ref.id().orElseThrow());
        if (spec != null) {
          named(out, resolver, spec);
        }
      }
    }
    resolver.helperAnswers().forEach((id, answers) ->
        answers.forEach(a -> out.add(SecretKind.HELPER_PASSWORD, id, a.value(), a.user())));
    proxyLogins.forEach(l -> out.add(SecretKind.PROXY_PASSWORD, "proxy", l.value(), l.user()));
    return out.build();
  }

  private static void named(KnownSecrets.Builder out, CredentialResolver resolver, CredentialSpec spec) {
    try {
      if (spec instanceof CredentialSpec.Token t) {
        out.add(SecretKind.TOKEN, t.id(), resolver.secret(t.id(), t.secret()));
      } else if (spec instanceof CredentialSpec.Basic b) {
        out.add(SecretKind.BASIC_PASSWORD, b.id(), resolver.secret(b.id(), b.password()), Optional.of(b.username()));
      } else if (spec instanceof CredentialSpec.Netrc n) {
        netrc(out, resolver, n.file(), "credential '" + n.id() + "'");
      } else if (spec instanceof CredentialSpec.Ssh ssh) {
        SshIdentity identity = resolver.sshIdentity(CredentialRef.named(ssh.id()));
        identity.keyText().ifPresent(k -> out.add(SecretKind.SSH_PRIVATE_KEY, ssh.id(), k));
        identity.passphrase().ifPresent(p -> out.add(SecretKind.SSH_PASSPHRASE, ssh.id(), p));
      } else if (fileKind(spec).isPresent()) {
        for (FileSecret v : resolver.fileSecrets(spec)) {
          out.add(fileKind(spec).get(), spec.id(), v.value(), v.user());
        }
        if (spec instanceof CredentialSpec.MavenSettings m) {
          resolver.mavenPrivateKey(m).ifPresent(k -> out.add(SecretKind.SSH_PRIVATE_KEY, m.id(), k));
        }
      }
    } catch (AirlockException e) {
      out.unavailable(e.getMessage());
    }
  }

  private static void netrc(KnownSecrets.Builder out, CredentialResolver resolver, Optional<Path> file, String what) {
    Optional<Netrc> netrc;
    try {
      netrc = resolver.netrc(file);
    } catch (AirlockException e) {
      out.unavailable(what + ": " + e.getMessage());
      return;
    }
    netrc.ifPresent(n -> n.entries().forEach(e -> e.password().ifPresent(p ->
        out.add(SecretKind.NETRC_PASSWORD, "netrc:" + e.machine().orElse("default"), p, e.login()))));
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
}
