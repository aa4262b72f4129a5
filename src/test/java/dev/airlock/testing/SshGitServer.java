package dev.airlock.testing;

import dev.airlock.UploadPackCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH git server on loopback for tests (JGit's junit-ssh is not on Maven Central): Apache MINA
 * SSHD with a generated host key, serving {@code git-upload-pack} with JGit's {@link UploadPack}
 * for one repository. By default only the given client key may log in (publickey); in
 * {@link Mode#PASSWORD_ONLY} the server offers only password and keyboard-interactive and counts
 * every password it is sent.
 */
public final class SshGitServer implements AutoCloseable {
  public enum Mode { PUBLICKEY, PASSWORD_ONLY }

  private final SshServer sshd;
  public final KeyPair hostKey;
  public final List<String> commands = new CopyOnWriteArrayList<>();
  public final List<String> users = new CopyOnWriteArrayList<>();
  public final AtomicInteger passwordAttempts = new AtomicInteger();
  public final AtomicInteger publickeyAttempts = new AtomicInteger();

  private SshGitServer(SshServer sshd, KeyPair hostKey) {
    this.sshd = sshd;
    this.hostKey = hostKey;
  }

  /** Serves {@code repo} for any path, to {@code clientKey} only (or, in password mode, to nobody). */
  public static SshGitServer start(Repository repo, PublicKey clientKey, Mode mode) throws IOException {
    return start(r -> repo, generateKey(), clientKey, mode);
  }

  /** {@code repos} picks the repository for a requested path (null: not found). */
  public static SshGitServer start(Function<String, Repository> repos, KeyPair hostKey, PublicKey clientKey,
      Mode mode) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    SshGitServer server = new SshGitServer(sshd, hostKey);
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    if (mode == Mode.PUBLICKEY) {
      sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
      sshd.setPublickeyAuthenticator((user, key, session) -> {
        server.publickeyAttempts.incrementAndGet();
        server.users.add(user);
        return clientKey != null && KeyUtils.compareKeys(key, clientKey);
      });
    } else {
      sshd.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
      sshd.setPasswordAuthenticator((user, password, session) -> {
        server.passwordAttempts.incrementAndGet();
        return false;
      });
      sshd.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator());
    }
    sshd.setCommandFactory((channel, command) -> {
      server.commands.add(command);
      return new UploadPackCommand(repos.apply(path(command)));
    });
    sshd.start();
    return server;
  }

  public int port() {
    return sshd.getPort();
  }

  /** A known_hosts line for this server's host key. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
  }

  public static KeyPair generateKey() {
    try {
      return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code key} as an OpenSSH private key file (0600), encrypted when a passphrase is given. */
  public static Path writePrivateKey(KeyPair key, Path file, String passphrase) throws IOException {
    OpenSSHKeyEncryptionContext enc = null;
    if (passphrase != null) {
      enc = new OpenSSHKeyEncryptionContext();
      enc.setCipherName("AES");
      enc.setCipherType("256");
      enc.setPassword(passphrase);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "airlock-test", enc, out);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, out.toByteArray());
    return file;
  }

  /** {@code git-upload-pack '/x.git'} → {@code /x.git}. */
  static String path(String command) {
    String rest = command.startsWith("git-upload-pack ") ? command.substring(16).trim() : command;
    if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
      rest = rest.substring(1, rest.length() - 1);
    }
    return rest;
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }
}
