package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Optional<?> d = access.get(what, url, tmp);
        if (d.isEmpty()) {
          throw new NotFound("not found: " + location);
        }
        if (task != null) {
          try (InputStream in = Files.newInputStream(tmp)) {
            utilGet(task, in, true, Files.size(tmp), false);
          }
        }
      } finally {
        Files.deleteIfExists(tmp);
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
