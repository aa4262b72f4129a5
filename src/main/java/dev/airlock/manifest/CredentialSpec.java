package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.Optional;

/** A named entry of the manifest's {@code credentials:} block. */
public sealed interface CredentialSpec {
  String id();

  /** {@code netrc: {}} or {@code netrc: { file: path, default: true }}: the entry is chosen by host. */
  record Netrc(String id, Optional<Path> file, boolean useDefault) implements CredentialSpec {}

  /**
   * {@code token: { env|file, header }}: sent as {@code Authorization: Bearer <token>} when
   * {@code header} is empty, else as the raw value of that header.
   */
  record Token(String id, SecretRef secret, Optional<String> header) implements CredentialSpec {}

  /** {@code basic: { username, passwordEnv|passwordFile }}. */
  record Basic(String id, String username, SecretRef password) implements CredentialSpec {}

  /**
   * {@code ssh: { key, passphraseEnv|passphraseFile, knownHosts, agent }}: the one private key
   * offered (publickey authentication only), its passphrase if it is encrypted, the known_hosts file
   * host keys are checked against (default {@code ~/.ssh/known_hosts}), and whether keys of the
   * running ssh-agent may be offered too ({@code agent: true}, off by default). Paths are absolute.
   */
  record Ssh(String id, Optional<Path> key, Optional<SecretRef> passphrase, Path knownHosts, boolean agent)
      implements CredentialSpec {}

  /**
   * {@code helper: { command: [prog, args…], timeoutSeconds }}: a git credential helper, run without
   * a shell as {@code prog args… get} for the source's own origin; its answer stays in memory.
   * {@code command.get(0)} is absolute when it was written as a path, else a name looked up on PATH.
   */
  record Helper(String id, java.util.List<String> command, java.time.Duration timeout) implements CredentialSpec {
    public Helper {
      command = java.util.List.copyOf(command);
    }
  }

  /**
   * {@code npmrc: {}} or {@code npmrc: { file: PATH }}: the auth the npmrc gives for each request's
   * URL, matched as npm does. Without {@code file}: the project's {@code .npmrc} beside the manifest,
   * then {@code $NPM_CONFIG_USERCONFIG} or {@code ~/.npmrc}.
   */
  record Npmrc(String id, Optional<Path> file) implements CredentialSpec {}

  /**
   * {@code mavenSettings: { server: ID, file: PATH, settingsSecurity: PATH }}: the {@code <server>}
   * of Maven's settings.xml (default {@code ~/.m2/settings.xml}) whose id is {@code server};
   * encrypted passwords are decrypted with the master password of settings-security.xml.
   */
  record MavenSettings(String id, String server, Optional<Path> file, Optional<Path> settingsSecurity)
      implements CredentialSpec {}

  /** {@code pypirc: { repository: NAME, file: PATH }}: username and password of a .pypirc section. */
  record Pypirc(String id, String repository, Optional<Path> file) implements CredentialSpec {}
}
