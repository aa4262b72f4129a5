package dev.airlock.net;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import dev.airlock.error.DiskFull;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.HttpUrl;

/**
 * The one HTTP client of a run. It follows redirects itself (OkHttp's own following is off) so that
 * credentials are decided per hop by origin: a hop to another origin carries no header of ours,
 * nothing credentialed goes over plain http except to loopback, and an https to http downgrade is
 * never followed.
 */
public final class HttpTransport {
  static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "airlock/" + dev.airlock.Version.get();

  private final Supplier<OkHttpClient> factory;
  private final RetryPolicy retry;
  private final Consumer<String> debug;
  private OkHttpClient client;
  private volatile boolean aborted;
  /** Calls whose response may still be streaming; weak, so finished ones just go away. */
  private final java.util.Set<okhttp3.Call> calls =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  public HttpTransport(OkHttpClient client, RetryPolicy retry, Consumer<String> debug) {
    this(() -> client, retry, debug);
  }

  /** The client is built on first use: a run with nothing to download pays for no TLS set-up. */
  public HttpTransport(Supplier<OkHttpClient> factory, RetryPolicy retry, Consumer<String> debug) {
    this.factory = factory;
    this.retry = retry;
    this.debug = debug;
  }

  /** Releases threads and pooled connections, if the client was ever built. */
  public synchronized void close() {
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * Stops the run's transfers for good (Ctrl-C): calls in flight are cancelled, nothing is retried
   * and no new request starts; each download fails with "interrupted" and removes its file.
   */
  public void abort() {
    aborted = true;
    synchronized (calls) {
      calls.forEach(okhttp3.Call::cancel); // also breaks off a body being read
    }
  }

  public static OkHttpClient defaultClient(TlsConfig tls) {
    return defaultClient(tls, ProxyConfig.NONE);
  }

  /** With the proxies of the environment ({@link ProxyConfig}). */
  public static OkHttpClient defaultClient(TlsConfig tls, ProxyConfig proxies) {
    return defaultClient(tls, proxies, Duration.ofSeconds(15), Duration.ofSeconds(60));
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
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    proxies.apply(b);
    return b
        .sslSocketFactory(tls.socketFactory(), tls.trustManager())
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(readTimeout)
        .retryOnConnectionFailure(false)
        .build();
  }

  /**
   * The client actually used: the given one with redirects, authenticator and cookies switched off
   * (credentials are decided here, per hop) and {@link CredentialGuard} around its interceptors.
   */
  public synchronized OkHttpClient client() {
    if (client == null) {
      OkHttpClient.Builder b = factory.get().newBuilder().followRedirects(false).followSslRedirects(false)
          .authenticator(okhttp3.Authenticator.NONE).cookieJar(okhttp3.CookieJar.NO_COOKIES)
          .addNetworkInterceptor(new CredentialGuard());
      b.interceptors().add(0, CredentialGuard.recorder());
      client = b.build();
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
    return withRetries(what, () -> exchange(what, url, auth, null, false,
        (u, resp) -> save(what, u, resp, target, progress, tap)));
  }

  /**
   * Like {@link #download}, but a 404 or 410 gives empty instead of failing (a repository saying it
   * has no such file, which a resolver asks about as a normal step).
   */
  public Optional<Download> downloadIfPresent(String what, HttpUrl url, RequestAuth auth, Path target,
      ProgressSink progress) {
    return Optional.ofNullable(withRetries(what, () -> exchange(what, url, auth, null, true,
        (u, resp) -> save(what, u, resp, target, progress, BodyTap.NONE))));
  }

  /**
   * GETs a small document (an index page, metadata, a checksum, a packument) into memory, asking
   * for {@code accept} (may be null). Any content type is accepted: the caller checks it. A body
   * past {@code maxBytes} fails. With {@code absentOk}, 404 and 410 give empty instead of failing.
   */
  public Optional<Document> document(String what, HttpUrl url, RequestAuth auth, String accept, long maxBytes,
      boolean absentOk) {
    return Optional.ofNullable(withRetries(what, () -> exchange(what, url, auth, accept, absentOk,
        (u, resp) -> read(what, u, resp, maxBytes))));
  }

  /**
   * One {@code HEAD} or {@code PUT} (with {@code body}; may be null for HEAD) to {@code url}, with the
   * credentials {@code auth} gives that origin; no redirect is followed (the caller sees its code)
   * and nothing is retried. Returns the status code.
   */
  public int send(String what, String method, HttpUrl url, RequestAuth auth, Path body) {
    Map<String, Secret> headers = auth.headersFor(url, true);
    checkCleartext(what, url, headers, auth);
    Request.Builder rb = new Request.Builder().url(url).header("User-Agent", USER_AGENT)
        .tag(CredentialGuard.Grant.class, grant(url, headers, auth));
    headers.forEach((k, v) -> rb.header(k, v.reveal()));
    rb.method(method, body == null ? null : RequestBody.create(body.toFile(), MediaType.get("application/octet-stream")));
    debug.accept(what + ": " + method + " " + Urls.redact(url)
        + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe() + ")"));
    try (Response resp = execute(what, rb.build())) {
      return resp.code();
    } catch (RetryableException e) {
      throw new FetchException(what + ": " + e.getMessage());
    }
  }

  private <T> T withRetries(String what, java.util.function.Supplier<T> once) {
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

  /** What to do with a 200 response (after redirects) for the URL it came from. */
  private interface BodyHandler<T> {
    T handle(HttpUrl url, Response resp);
  }

  private <T> T exchange(String what, HttpUrl start, RequestAuth auth, String accept, boolean absentOk,
      BodyHandler<T> handler) {
    HttpUrl url = start;
    boolean sentCredentials = false;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Map<String, Secret> headers = auth.headersFor(url, hop == 0);
      checkCleartext(what, url, headers, auth);
      Request.Builder rb = new Request.Builder().url(url).header("User-Agent", USER_AGENT)
          .tag(CredentialGuard.Grant.class, grant(url, headers, auth));
      if (accept != null) {
        rb.header("Accept", accept);
      }
      headers.forEach((k, v) -> rb.header(k, v.reveal()));
      sentCredentials |= !headers.isEmpty();
      debug.accept(what + ": GET " + Urls.redact(url) + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe(url) + ")"));
      try (Response resp = execute(what, rb.build())) {
        int code = resp.code();
        if (isRedirect(code)) {
          HttpUrl next = location(what, resp);
          if (url.isHttps() && !next.isHttps()) {
            throw new FetchException(what + ": refusing redirect from https to plain http (" + Urls.redact(next) + ")");
          }
          if (!next.isHttps() && (auth.configured() || sentCredentials) && !Origin.of(next).isLoopback()) {
            throw new FetchException(what + ": refusing redirect to plain http for a source with credentials");
          }
          debug.accept(what + ": " + code + " redirect to " + Urls.redact(next));
          url = next;
          continue;
        }
        if (code == 429 || code >= 500) {
          throw new RetryableException("HTTP " + code + " from " + Urls.redact(url), resp.header("Retry-After"));
        }
        if (code == 401 || code == 403) {
          throw new FetchException(what + ": HTTP " + code + " from " + Urls.redact(url)
              + " (credentials: " + auth.describe(url) + (headers.isEmpty() ? ", none sent to this origin" : "") + ")");
        }
        if (absentOk && (code == 404 || code == 410)) {
          return null;
        }
        if (code != 200) {
          throw new FetchException(what + ": HTTP " + code + " from " + Urls.redact(url));
        }
        return handler.handle(url, resp);
      }
    }
    throw new FetchException(what + ": too many redirects (more than " + MAX_REDIRECTS + ")");
  }

  /** This hop may carry credentials to its own origin only, and only if ours gave it some. */
  private static CredentialGuard.Grant grant(HttpUrl url, Map<String, Secret> headers, RequestAuth auth) {
    java.util.Set<String> names = new java.util.HashSet<>(auth.headerNames());
    names.addAll(headers.keySet());
    return new CredentialGuard.Grant(headers.isEmpty() ? null : Origin.of(url), names);
  }

  private static void checkCleartext(String what, HttpUrl url, Map<String, Secret> headers, RequestAuth auth) {
    if (!url.isHttps() && !Origin.of(url).isLoopback() && (auth.configured() || !headers.isEmpty())) {
      throw new FetchException(what + ": refusing to send credentials over plain http to " + Origin.of(url));
    }
  }

  private Response execute(String what, Request request) {
    checkAborted(what);
    okhttp3.Call call = client().newCall(request);
    calls.add(call);
    try {
      return call.execute();
    } catch (IOException e) {
      checkAborted(what);
      throw failure(what, request, e);
    }
  }

  private void checkAborted(String what) {
    if (aborted) {
      throw new FetchException(what + ": interrupted");
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

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  private static HttpUrl location(String what, Response resp) {
    String loc = resp.header("Location");
    HttpUrl next = loc == null ? null : resp.request().url().resolve(loc);
    if (next == null) {
      throw new FetchException(what + ": redirect without a usable Location");
    }
    if (!next.username().isEmpty() || !next.password().isEmpty()) {
      throw new FetchException(what + ": refusing redirect to a URL with user-info");
    }
    return next;
  }

  private Download save(String what, HttpUrl url, Response resp, Path target, ProgressSink progress, BodyTap tap) {
    ResponseBody body = resp.body();
    String type = resp.header("Content-Type", "");
    if (type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html") && !looksLikeHtmlName(url)) {
      throw new FetchException(what + ": expected a file but " + Urls.redact(url)
          + " returned an HTML page (a login page?)");
    }
    long total = body.contentLength();
    boolean complete = false;
    tap.restart();
    try (OutputStream out = create(what, target)) {
      Tee tee = new Tee(what, url, target, body.byteStream(), out, tap, progress, total); // closed with the response
      tap.consume(tee);
      tee.drain();
      if (total >= 0 && tee.done != total) {
        throw new RetryableException("download of " + Urls.redact(url) + " was truncated (" + tee.done + " of " + total + " bytes)", null);
      }
      complete = true;
      progress.bytes(tee.done, total);
      return new Download(url, tee.done, HexFormat.of().formatHex(tee.sha.digest()), type);
    } catch (IOException e) { // closing the file: the last buffered bytes did not reach the disk
      throw writeFailure(what, target, e);
    } finally {
      if (!complete) {
        deleteQuietly(target); // never leave a partial file behind, whatever failed
      }
    }
  }

  /**
   * The one pass over a body: every byte read from the network is written to the file, hashed and
   * shown to the tap, whoever reads (the tap's scanner, or {@link #drain}). Network errors surface
   * as {@link RetryableException}, write errors as {@link FetchException} (both unchecked, so they
   * pass through a scanner unchanged).
   */
  private final class Tee extends InputStream {
    private final String what;
    private final HttpUrl url;
    private final Path target;
    private final InputStream in;
    private final OutputStream out;
    private final BodyTap tap;
    private final ProgressSink progress;
    private final long total;
    final MessageDigest sha = sha256();
    long done;
    private long lastReport;

    Tee(String what, HttpUrl url, Path target, InputStream in, OutputStream out, BodyTap tap, ProgressSink progress,
        long total) {
      this.what = what;
      this.url = url;
      this.target = target;
      this.in = in;
      this.out = out;
      this.tap = tap;
      this.progress = progress;
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = readChunk(what, url, in, b, off, len, done);
      if (n > 0) {
        write(what, target, out, b, off, n);
        sha.update(b, off, n);
        tap.update(b, off, n);
        done += n;
        if (done - lastReport >= 256 * 1024) {
          progress.bytes(done, total);
          lastReport = done;
        }
      }
      return n;
    }

    void drain() {
      byte[] buf = new byte[64 * 1024];
      while (read(buf, 0, buf.length) != -1) {
        // written, hashed and shown to the tap by read
      }
    }
  }

  private static OutputStream create(String what, Path target) {
    try {
      OutputStream file;
      try {
        file = Files.newOutputStream(target);
      } catch (java.nio.file.NoSuchFileException e) { // the caller usually made the folder: look only when it did not
        Files.createDirectories(target.getParent());
        file = Files.newOutputStream(target);
      }
      // The body arrives in okio segments of 8 KiB: write to the file in larger pieces.
      return new java.io.BufferedOutputStream(file, 256 * 1024);
    } catch (IOException e) {
      throw writeFailure(what, target, e);
    }
  }

  /** One read from the network: a stall or a broken connection is worth another attempt. */
  private int readChunk(String what, HttpUrl url, InputStream in, byte[] buf, int off, int len, long done) {
    try {
      return in.read(buf, off, len);
    } catch (SocketTimeoutException e) {
      checkAborted(what);
      throw new RetryableException("download of " + Urls.redact(url) + " stalled after " + done
          + " bytes (no data within the read timeout)", null);
    } catch (InterruptedIOException e) {
      throw new FetchException(what + ": interrupted while downloading");
    } catch (IOException e) {
      checkAborted(what);
      throw new RetryableException("download of " + Urls.redact(url) + " broke off after " + done + " bytes: " + e.getMessage(), null);
    }
  }

  /** One write to the local file: never retried (the disk will not have more room a second later). */
  private static void write(String what, Path target, OutputStream out, byte[] buf, int off, int n) {
    try {
      out.write(buf, off, n);
    } catch (IOException e) {
      throw writeFailure(what, target, e);
    }
  }

  private static FetchException writeFailure(String what, Path target, IOException e) {
    if (isDiskFull(e)) {
      return new FetchException(what + ": disk full while writing " + target.getFileName() + " (in " + target.getParent() + ")");
    }
    return new FetchException(what + ": cannot write " + target.getFileName() + ": " + DiskFull.describe(e));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the staging folder it is in is removed at the end of the run
    }
  }

  private Document read(String what, HttpUrl url, Response resp, long maxBytes) {
    try (InputStream in = resp.body().byteStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new FetchException(what + ": " + Urls.redact(url) + " is larger than " + maxBytes + " bytes");
      }
      return new Document(url, resp.header("Content-Type", ""), body);
    } catch (SocketTimeoutException e) {
      checkAborted(what);
      throw new RetryableException("reading " + Urls.redact(url) + " stalled (no data within the read timeout)", null);
    } catch (InterruptedIOException e) {
      throw new FetchException(what + ": interrupted while downloading");
    } catch (IOException e) {
      checkAborted(what);
      throw new RetryableException("reading " + Urls.redact(url) + " broke off: " + e.getMessage(), null);
    }
  }

  private static boolean isDiskFull(IOException e) {
    return DiskFull.is(e);
  }

  private static boolean looksLikeHtmlName(HttpUrl url) {
    String name = Urls.fileName(url, "").toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".html") || name.endsWith(".htm") || name.isEmpty();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void sleep(Duration d) {
    checkAborted("download");
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted");
    }
  }

  /** A failure worth another attempt: connect errors, broken bodies, 5xx and 429. */
  static final class RetryableException extends RuntimeException {
    final String retryAfter;

    RetryableException(String message, String retryAfter) {
      super(message, null, false, false);
      this.retryAfter = retryAfter;
    }
  }
}
