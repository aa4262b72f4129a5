package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.AbstractTransporter;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.PutTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transfer.NoTransporterException;

/**
 * The resolver's only transport: every GET goes through airlock's own HTTP transport
 * ({@link RepositoryAccess}), so origin-scoped credentials, redirects, retries, the content cache's
 * inbox and {@code --offline} apply exactly as for every other source. Never uploads, never uses
 * the resolver's own authentication.
 */
final class AirlockTransporterFactory implements TransporterFactory {
  private final RepositoryAccess access;

  AirlockTransporterFactory(RepositoryAccess access) {
    this.access = access;
  }

  @Override
  public Transporter newInstance(RepositorySystemSession session, RemoteRepository repository)
      throws NoTransporterException {
    HttpUrl base = HttpUrl.parse(repository.getUrl());
    if (base == null) {
      throw new NoTransporterException(repository, "only http and https repositories are supported");
    }
    return new AirlockTransporter(access, base);
  }

  @Override
  public float getPriority() {
    return 100;
  }

  /** The repository said it has no such file: the resolver's "not found", tried elsewhere or reported. */
  static final class NotFound extends Exception {
    NotFound(String message) {
      super(message);
    }
  }

  private static final class AirlockTransporter extends AbstractTransporter {
    private final RepositoryAccess access;
    private final HttpUrl base;

    AirlockTransporter(RepositoryAccess access, HttpUrl base) {
      this.access = access;
      this.base = base;
    }

    @Override
    public int classify(Throwable error) {
      return error instanceof NotFound ? ERROR_NOT_FOUND : ERROR_OTHER;
    }

    private HttpUrl url(String location) {
      String root = base.toString().endsWith("/") ? base.toString() : base + "/";
      HttpUrl u = HttpUrl.parse(root + location);
      if (u == null || !u.toString().startsWith(root)) {
        throw new FetchException(access.name() + ": the resolver asked for an invalid location " + location);
      }
      return u;
    }

    @Override
    protected void implPeek(PeekTask task) throws Exception {
      fetchInto(task.getLocation().toString(), null);
    }

    @Override
    protected void implGet(GetTask task) throws Exception {
      fetchInto(task.getLocation().toString(), task);
    }

    private void fetchInto(String location, GetTask task) throws Exception {
      HttpUrl url = url(location);
      String what = access.name() + " " + location;
      Path tmp = access.ctx().tempDir().resolve("resolver-" + UUID.randomUUID());
      try {
        Optional<?> d = task == null ? access.peek(what, url, tmp) : access.get(what, url, tmp, file -> handOver(task, file));
        if (d.isEmpty()) {
          throw new NotFound("not found: " + location);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    /** The resolver's copy of the download, hashed (sha1) in the same read. */
    private byte[] handOver(GetTask task, Path file) throws IOException {
      MessageDigest sha1 = sha1();
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha1)) {
        try {
          utilGet(task, in, false, Files.size(file), false);
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e.getMessage(), e);
        }
        in.transferTo(OutputStream.nullOutputStream()); // whatever the resolver left: the digest covers the file
      }
      return sha1.digest();
    }

    private static MessageDigest sha1() {
      try {
        return MessageDigest.getInstance("SHA-1");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected void implPut(PutTask task) {
      throw new UnsupportedOperationException("airlock never uploads");
    }

    @Override
    protected void implClose() {
      // the run's HTTP transport outlives this transporter
    }
  }
}
