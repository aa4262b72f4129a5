package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The SSH side of the credentials: which key, passphrase, known_hosts file and agent an ssh git
 * source may use, from an {@code ssh:} credential or a settings.xml server's {@code <privateKey>}.
 * Key texts are read as ssh reads them (refused if other users may read the file) and registered
 * with the {@link SecretRegistry}.
 */
final class SshCredentials {
  private final Manifest manifest;
  private final Environment env;
  private final SecretRegistry registry;
  private final FileCredentials files;
  private final SecretValues secrets;

  SshCredentials(Manifest manifest, Environment env, SecretRegistry registry, FileCredentials files,
      SecretValues secrets) {
    this.manifest = manifest;
    this.env = env;
    this.registry = registry;
    this.files = files;
    this.secrets = secrets;
  }

  /**
   * The SSH identity for a source reached over ssh. Without a named {@code ssh:} credential: no key,
   * no agent, and {@code ~/.ssh/known_hosts}. A named credential of another kind is a usage error.
   */
  SshIdentity identity(CredentialRef ref) {
    Path defaultKnownHosts = env.home().resolve(".ssh").resolve("known_hosts");
    if (ref.mode() != CredentialRef.Mode.NAMED) {
      return new SshIdentity(ref.toString(), Optional.empty(), Optional.empty(), Optional.empty(),
          knownHosts(defaultKnownHosts), false, Optional.empty());
    }
    String id = ref.id().orElseThrow();
    CredentialSpec spec = manifest.credentials().get(id);
    if (spec instanceof CredentialSpec.MavenSettings m) {
      return mavenIdentity(m, defaultKnownHosts);
    }
    if (!(spec instanceof CredentialSpec.Ssh ssh)) {
      throw new UsageException("credential '" + id + "' is not an ssh credential: an ssh git URL needs "
          + "ssh: { key: PATH } (" + (spec == null ? "unknown" : kindOf(spec)) + " credentials are for https)");
    }
    Optional<Secret> keyText = ssh.key().map(k -> privateKey(id, k));
    Optional<Secret> passphrase = ssh.passphrase().map(p -> secrets.get(id, p));
    return new SshIdentity(id, ssh.key(), keyText, passphrase, knownHosts(ssh.knownHosts()), ssh.agent(),
        ssh.agent() ? env.get("SSH_AUTH_SOCK") : Optional.empty());
  }

  /** The text of a settings.xml server's {@code <privateKey>}, if it names one. */
  Optional<Secret> mavenPrivateKey(CredentialSpec.MavenSettings m) {
    return files.mavenServer(m).privateKey().map(key -> privateKey(m.id(), key));
  }

  /** A known_hosts file JGit will read: when present, a regular file of sensible size (never a FIFO). */
  private static Path knownHosts(Path file) {
    if (Files.exists(file)) {
      BoundedFile.regular(file, BoundedFile.TEXT_BYTES, "known_hosts file " + file);
    }
    return file;
  }

  /** A settings.xml server's {@code <privateKey>} and {@code <passphrase>}, as Maven's ssh wagon uses them. */
  private SshIdentity mavenIdentity(CredentialSpec.MavenSettings m, Path knownHosts) {
    MavenSettingsFile.Server server = files.mavenServer(m);
    Path key = server.privateKey().orElseThrow(() -> new UsageException("credential '" + m.id()
        + "': maven settings server '" + m.server() + "' has no <privateKey>, which an ssh git URL needs"));
    return new SshIdentity(m.id(), Optional.of(key), Optional.of(privateKey(m.id(), key)), server.passphrase(),
        knownHosts, false, Optional.empty());
  }

  /** A private key file's text, refused (as ssh does) if other users may read it ({@link PrivateFileCheck}). */
  private Secret privateKey(String id, Path key) {
    String text = SecretValues.readText(id, key, "ssh key ").strip();
    if (text.isEmpty()) {
      throw new UsageException("credential '" + id + "': ssh key " + key + " is empty");
    }
    return registry.register(text);
  }

  private static String kindOf(CredentialSpec spec) {
    if (spec instanceof CredentialSpec.Npmrc) {
      return "npmrc";
    }
    if (spec instanceof CredentialSpec.Pypirc) {
      return "pypirc";
    }
    if (spec instanceof CredentialSpec.MavenSettings) {
      return "maven settings";
    }
    if (spec instanceof CredentialSpec.Helper) {
      return "helper";
    }
    return spec instanceof CredentialSpec.Netrc ? "netrc" : spec instanceof CredentialSpec.Token ? "token" : "basic";
  }
}
