package dev.airlock.fetch.git;

import dev.airlock.error.FetchException;
import dev.airlock.manifest.GitUrl;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * One open connection setting to a git server for one source: JGit's {@link Transport} with
 * airlock's SSH client or HTTP connections, no credentials provider (nothing can prompt or answer
 * for another host), no tags followed, and every received object checked ({@code fsck}: no
 * {@code ..}, {@code .git} or other unsafe tree entries get in). The SSH session is reused between
 * the attempts of one fetch.
 */
final class GitRemote implements AutoCloseable {
  static final int TIMEOUT_SECONDS = 60;

  private final Transport transport;
  private final String source;
  private final GitUrl url;
  private final Consumer<String> debug;

  private GitRemote(Transport transport, String source, GitUrl url, Consumer<String> debug) {
    this.transport = transport;
    this.source = source;
    this.url = url;
    this.debug = debug;
  }

  /** Exactly one of {@code ssh} or {@code http} is set, matching the URL's scheme. */
  static GitRemote open(Repository repo, String source, GitUrl url, Optional<SshSessions> ssh,
      Optional<HttpConnectionFactory> http, ObjectChecker checker, Consumer<String> debug) {
    Transport t;
    try {
      t = Transport.open(repo, uri(url));
    } catch (NotSupportedException | TransportException e) {
      throw new FetchException(source + ": cannot open " + url + ": " + e.getMessage());
    }
    if (url.isSsh() && t instanceof SshTransport s && ssh.isPresent()) {
      s.setSshSessionFactory(ssh.get());
    } else if (!url.isSsh() && t instanceof TransportHttp h && http.isPresent()) {
      h.setHttpConnectionFactory(http.get());
    } else {
      t.close();
      throw new IllegalStateException("unexpected transport " + t.getClass().getSimpleName() + " for " + url);
    }
    t.setCredentialsProvider(null);
    t.setTimeout(TIMEOUT_SECONDS);
    t.setTagOpt(TagOpt.NO_TAGS);
    t.setObjectChecker(checker); // every received object is checked as the pack is indexed
    return new GitRemote(t, source, url, debug);
  }

  /** A URIish built from the validated parts, never re-parsed from user text (library finding 11, docs/security-cases.md). */
  static URIish uri(GitUrl url) {
    if (!url.isSsh()) {
      try {
        return new URIish(url.toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("validated URL did not parse", e);
      }
    }
    URIish u = new URIish().setHost(url.host()).setPath(url.path());
    if (url.user().isPresent()) {
      u = u.setUser(url.user().get());
    }
    if (url.scheme() == GitUrl.Scheme.SSH) {
      u = u.setScheme("ssh");
      if (url.port() != GitUrl.DEFAULT_PORT) {
        u = u.setPort(url.port());
      }
    }
    return u;
  }

  /**
   * Opens a connection and lists the refs named (protocol v2 asks for just those). With
   * {@code shallow} the fetch on this connection asks for depth 1. The fetch is made on the same
   * connection, with JGit's low-level API: its high-level fetch checks connectivity in a way that
   * always fails for shallow fetches. Completeness is checked instead by reading every object
   * that is exported.
   */
  Session connect(List<String> names, boolean shallow) throws TransportException {
    transport.setDepth(shallow ? Integer.valueOf(1) : null);
    try {
      return new Session(transport.openFetch(List.of(), names.toArray(new String[0])));
    } catch (NotSupportedException e) {
      throw new FetchException(source + ": " + url + ": " + e.getMessage());
    }
  }

  /** One connection: its advertised refs, then one fetch. */
  final class Session implements AutoCloseable {
    private final FetchConnection connection;

    private Session(FetchConnection connection) {
      this.connection = connection;
    }

    Map<String, Ref> refs() {
      return connection.getRefsMap();
    }

    /** Receives {@code want} (and what it needs), every object checked as it is indexed. */
    void fetch(ObjectId want) throws TransportException {
      debug.accept(source + ": fetching " + want.name() + (transport.getDepth() != null ? " (depth 1)" : ""));
      connection.setPackLockMessage("airlock fetch");
      try {
        connection.fetch(NullProgressMonitor.INSTANCE,
            List.of(new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, want.name(), want)), Set.of());
      } finally {
        for (PackLock lock : connection.getPackLocks()) {
          try {
            lock.unlock();
          } catch (IOException ignored) {
            // a stale .keep file only stops gc from repacking that pack
          }
        }
      }
    }

    @Override
    public void close() {
      connection.close();
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
