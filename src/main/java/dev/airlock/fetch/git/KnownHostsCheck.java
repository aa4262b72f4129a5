package dev.airlock.fetch.git;

import dev.airlock.fetch.git.KnownHosts.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Host keys must match the one known_hosts file of the credential (library finding 6, security cases 39-41):
 * whatever JGit or a config file would ask for, checking is strict, nobody is asked, and the file
 * is only ever read. The decision is {@link KnownHosts}'s, from the whole file ({@code @revoked}
 * anywhere wins); JGit's own database, which stops at the first matching line, is not used. A
 * rejection is remembered with the key's fingerprint so the fetch can say exactly what happened.
 */
final class KnownHostsCheck implements ServerKeyDatabase {
  /** Far above any real known_hosts; a bigger file (or {@code /dev/zero}) is refused. */
  static final int MAX_BYTES = 4 << 20;

  private final Path file;
  private volatile String rejection;

  KnownHostsCheck(Path file) {
    this.file = file;
  }

  /** Why the last host key was refused, if one was. */
  Optional<String> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    try {
      return read().keysFor(connectAddress);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** {@code connectAddress} is the host as JGit connects to it: {@code name}, or {@code [name]:port}. */
  @Override
  public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
      Configuration config, CredentialsProvider provider) {
    String offered = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
    String failed = "host key verification failed for " + connectAddress + ": ";
    String advice = "; airlock never adds or changes known_hosts entries: check the fingerprint with the server's "
        + "owner, then add the key to " + file + " (e.g. ssh-keyscan"
        + (remoteAddress.getPort() == 22 ? "" : " -p " + remoteAddress.getPort()) + " "
        + remoteAddress.getHostString() + ")";
    if (!Files.exists(file)) {
      rejection = failed + "the server offered " + offered + ", and " + file + " does not exist" + advice;
      return false;
    }
    Decision d;
    try {
      d = read().decide(connectAddress, serverKey);
    } catch (IOException e) {
      rejection = failed + "the server offered " + offered + ", and " + file + " cannot be read: "
          + e.getMessage();
      return false;
    }
    rejection = switch (d.verdict()) {
      case ACCEPTED -> null;
      case REVOKED -> failed + "the server's host key " + offered + " is marked @revoked in " + file;
      case CHANGED -> failed + "the host key has CHANGED: the server offered " + offered + ", but " + file
          + " lists " + KeyUtils.getKeyType(d.listed()) + " " + KeyUtils.getFingerPrint(d.listed())
          + " for this host. Someone could be intercepting the connection (man-in-the-middle), or the server's "
          + "key was replaced" + advice;
      case UNKNOWN -> failed + "unknown host key " + offered + " (not in " + file + ")" + advice;
    };
    return rejection == null;
  }

  private KnownHosts read() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException("larger than " + (MAX_BYTES >> 20) + " MiB");
    }
    return KnownHosts.parse(new String(bytes, StandardCharsets.UTF_8));
  }
}
