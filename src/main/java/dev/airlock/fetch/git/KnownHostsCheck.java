package dev.airlock.fetch.git;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Host keys must match the one known_hosts file of the credential (SECURITY.md 6, cases 39-41):
 * whatever JGit or a config file would ask for, checking is strict, nobody is asked, and the file
 * is only ever read. The matching itself (hashed names, patterns, {@code [host]:port},
 * {@code @revoked}, {@code @cert-authority}) is JGit's; a rejection is remembered with the key's
 * fingerprint so the fetch can say exactly what happened.
 */
final class KnownHostsCheck implements ServerKeyDatabase {
  private final Path file;
  private final ServerKeyDatabase delegate;
  private volatile String rejection;

  /** {@code delegate} is JGit's OpenSSH known_hosts database for {@code file}. */
  KnownHostsCheck(Path file, ServerKeyDatabase delegate) {
    this.file = file;
    this.delegate = delegate;
  }

  /** Why the last host key was refused, if one was. */
  Optional<String> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    return delegate.lookup(connectAddress, remoteAddress, strict(config));
  }

  @Override
  public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
      Configuration config, CredentialsProvider provider) {
    Configuration strict = strict(config);
    boolean ok;
    try {
      ok = delegate.accept(connectAddress, remoteAddress, serverKey, strict, null);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      rejection = describe(connectAddress, remoteAddress, serverKey, strict);
    }
    return ok;
  }

  private String describe(String connectAddress, InetSocketAddress remote, PublicKey key, Configuration strict) {
    String host = remote.getPort() == 22 ? remote.getHostString() : "[" + remote.getHostString() + "]:" + remote.getPort();
    String offered = KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    String advice = "; airlock never adds or changes known_hosts entries: check the fingerprint with the server's "
        + "owner, then add the key to " + file + " (e.g. ssh-keyscan"
        + (remote.getPort() == 22 ? "" : " -p " + remote.getPort()) + " " + remote.getHostString() + ")";
    if (!Files.isRegularFile(file)) {
      return "host key verification failed for " + host + ": the server offered " + offered + ", and "
          + file + " does not exist" + advice;
    }
    if (revoked(key)) {
      return "host key verification failed for " + host + ": the server's host key " + offered
          + " is marked @revoked in " + file;
    }
    List<PublicKey> known;
    try {
      known = delegate.lookup(connectAddress, remote, strict);
    } catch (RuntimeException e) {
      known = List.of();
    }
    if (!known.isEmpty()) {
      return "host key verification failed for " + host + ": the host key has CHANGED: the server offered "
          + offered + ", but " + file + " lists " + KeyUtils.getKeyType(known.get(0)) + " "
          + KeyUtils.getFingerPrint(known.get(0)) + " for this host. Someone could be intercepting the "
          + "connection (man-in-the-middle), or the server's key was replaced" + advice;
    }
    return "host key verification failed for " + host + ": unknown host key " + offered + " (not in " + file + ")"
        + advice;
  }

  private boolean revoked(PublicKey key) {
    try {
      for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(file)) {
        if ("revoked".equals(e.getMarker()) && e.getKeyEntry() != null) {
          PublicKey k = e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
          if (k != null && KeyUtils.compareKeys(k, key)) {
            return true;
          }
        }
      }
    } catch (Exception e) {
      return false; // only for the message: the decision was the delegate's
    }
    return false;
  }

  /** Only our file, strict checking, nothing hashed or written, whatever JGit passed in. */
  private Configuration strict(Configuration given) {
    String user = given == null ? "" : given.getUsername();
    return new Configuration() {
      @Override
      public List<String> getUserKnownHostsFiles() {
        return List.of(file.toString());
      }

      @Override
      public List<String> getGlobalKnownHostsFiles() {
        return List.of();
      }

      @Override
      public StrictHostKeyChecking getStrictHostKeyChecking() {
        return StrictHostKeyChecking.REQUIRE_MATCH;
      }

      @Override
      public boolean getHashKnownHosts() {
        return false;
      }

      @Override
      public String getUsername() {
        return user == null ? "" : user;
      }
    };
  }
}
