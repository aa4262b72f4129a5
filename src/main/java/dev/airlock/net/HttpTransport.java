package dev.airlock.net;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The one HTTP client of a run. It follows redirects itself ({@link RedirectWalk}; OkHttp's own
 * following is off) so that credentials are decided per hop by origin: a hop to another origin
 * carries no header of ours, nothing credentialed goes over plain http except to loopback, and an
 * https to http downgrade is never followed. Bodies go to a {@link BodySink}; failures worth it are
 * retried by the {@link RetryPolicy}.
 */
public final class HttpTransport {
  private final Supplier<OkHttpClient> factory;
  private final RetryPolicy retry;
  private final Consumer<String> debug;
  private final Cancellation cancellation = new Cancellation();
  private final RedirectWalk walk;
  private final BodySink sink = new BodySink(cancellation);
  private OkHttpClient client;

  public HttpTransport(OkHttpClient client, RetryPolicy retry, Consumer<String> debug) {
    this(() -> client, retry, debug);
  }

  /** The client is built on first use: a run with nothing to download pays for no TLS set-up. */
  public HttpTransport(Supplier<OkHttpClient> factory, RetryPolicy retry, Consumer<String> debug) {
    this.factory = factory;
    this.retry = retry;
    this.debug = debug;
    this.walk = new RedirectWalk(this::execute, debug);
  }

  /** Releases threads and pooled connections, if the client was ever built. */
  public synchronized void close() {
    if (client != null) {
      HttpClients.release(client);
    }
  }

  /**
   * Stops the run's transfers for good (Ctrl-C): calls in flight are cancelled, nothing is retried
   * and no new request starts; each download fails with "interrupted" and removes its file.
   */
  public void abort() {
    cancellation.abort();
  }

  public static OkHttpClient defaultClient(TlsConfig tls) {
    return defaultClient(tls, ProxyConfig.NONE);
  }

  /** With the proxies of the environment ({@link ProxyConfig}). */
  public static OkHttpClient defaultClient(TlsConfig tls, ProxyConfig proxies) {
    return defaultClient(tls, proxies, HttpClients.CONNECT_TIMEOUT, HttpClients.READ_TIMEOUT);
  }

  /** Direct connections with other timeouts (tests use short ones). */
  public static OkHttpClient defaultClient(TlsConfig tls, Duration connectTimeout, Duration readTimeout) {
    return defaultClient(tls, ProxyConfig.NONE, connectTimeout, readTimeout);
  }

  /**
   * The client with proxies and timeouts. {@code readTimeout} is the longest a stalled server may
   * keep a transfer waiting for its next bytes.
   */
  public static OkHttpClient defaultClient(TlsConfig tls, ProxyConfig proxies, Duration connectTimeout,
      Duration readTimeout) {
    return HttpClients.standard(tls, proxies, connectTimeout, readTimeout);
  }

  /**
   * The client actually used: the given one with redirects, authenticator and cookies switched off
   * (credentials are decided here, per hop) and {@link CredentialGuard} around its interceptors.
   */
  public synchronized OkHttpClient client() {
    if (client == null) {
      client = HttpClients.guarded(factory.get());
    }
    return client;
  }

  /**
   * Streams {@code url} into {@code target} (created or replaced), hashing while writing. The
   * caller places the file only after checking the hash. {@code what} names the source in messages.
   */
  public Download download(String what, HttpUrl url, RequestAuth auth, Path target, ProgressSink progress) {
    return download(what, url, auth, target, progress, BodyTap.NONE);
  }

  /** As above, with {@code tap} seeing the bytes in the same pass (more digests, a scan). */
  public Download download(String what, HttpUrl url, RequestAuth auth, Path target, ProgressSink progress,
      BodyTap tap) {
    return withRetries(what, () -> walk.walk(what, url, auth, null, false,
        (u, resp) -> sink.save(what, u, resp, target, progress, tap)));
  }

  /**
   * Like {@link #download}, but a 404 or 410 gives empty instead of failing (a repository saying it
   * has no such file, which a resolver asks about as a normal step).
   */
  public Optional<Download> downloadIfPresent(String what, HttpUrl url, RequestAuth auth, Path target,
      ProgressSink progress) {
    return Optional.ofNullable(withRetries(what, () -> walk.walk(what, url, auth, null, true,
        (u, resp) -> sink.save(what, u, resp, target, progress, BodyTap.NONE))));
  }

  /**
   * GETs a small document (an index page, metadata, a checksum, a packument) into memory, asking
   * for {@code accept} (may be null). Any content type is accepted: the caller checks it. A body
   * past {@code maxBytes} fails. With {@code absentOk}, 404 and 410 give empty instead of failing.
   */
  public Optional<Document> document(String what, HttpUrl url, RequestAuth auth, String accept, long maxBytes,
      boolean absentOk) {
    return Optional.ofNullable(withRetries(what, () -> walk.walk(what, url, auth, accept, absentOk,
        (u, resp) -> sink.read(what, u, resp, maxBytes))));
  }

  /**
   * One {@code HEAD} or {@code PUT} (with {@code body}; may be null for HEAD) to {@code url}, with the
   * credentials {@code auth} gives that origin; no redirect is followed (the caller sees its code)
   * and nothing is retried. Returns the status code.
   */
  public int send(String what, String method, HttpUrl url, RequestAuth auth, Path body) {
    Map<String, Secret> headers = auth.headersFor(url, true);
    Request.Builder rb = RedirectWalk.request(what, url, headers, auth, null);
    rb.method(method, body == null ? null : RequestBody.create(body.toFile(), MediaType.get("application/octet-stream")));
    debug.accept(what + ": " + method + " " + Urls.redact(url)
        + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe() + ")"));
    try (Response resp = execute(what, rb.build())) {
      return resp.code();
    } catch (RetryableException e) {
      throw new FetchException(what + ": " + e.getMessage());
    }
  }

  private <T> T withRetries(String what, Supplier<T> once) {
    for (int attempt = 0; ; attempt++) {
      try {
        return once.get();
      } catch (RetryableException e) {
        if (attempt >= retry.maxRetries()) {
          throw new FetchException(what + ": " + e.getMessage() + " (gave up after " + (attempt + 1) + " attempts)");
        }
        Duration wait = retry.backoff(attempt, e.retryAfter);
        debug.accept(what + ": " + e.getMessage() + "; retrying in " + wait.toMillis() + " ms");
        sleep(wait);
      }
    }
  }

  private Response execute(String what, Request request) {
    cancellation.check(what);
    Call call = client().newCall(request);
    cancellation.track(call);
    try {
      return call.execute();
    } catch (IOException e) {
      cancellation.check(what);
      throw failure(what, request, e);
    }
  }

  /** What a failed exchange means: DNS and TLS failures are final, connect errors and timeouts retried. */
  private static RuntimeException failure(String what, Request request, IOException e) {
    Origin origin = Origin.of(request.url());
    if (e instanceof UnknownHostException) {
      return new FetchException(what + ": unknown host " + request.url().host());
    }
    if (e instanceof SSLException) {
      // Never retried: no downgrade, no retry without verification.
      return new FetchException(what + ": TLS failure with " + origin + ": " + e.getMessage());
    }
    if (e instanceof ConnectException) {
      return new RetryableException("cannot connect to " + origin + ": " + e.getMessage(), null);
    }
    if (e instanceof SocketTimeoutException) {
      return new RetryableException("no answer from " + origin + " within the timeout", null);
    }
    if (e instanceof InterruptedIOException) {
      return new FetchException(what + ": interrupted");
    }
    return new RetryableException("I/O error with " + origin + ": " + e.getMessage(), null);
  }

  private void sleep(Duration d) {
    cancellation.check("download");
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted");
    }
  }
}
