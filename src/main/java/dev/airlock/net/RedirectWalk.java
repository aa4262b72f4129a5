package dev.airlock.net;

import dev.airlock.Version;
import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import dev.airlock.error.FetchException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The redirect walk of one GET: OkHttp's own following is off, so each hop is a request of its own
 * whose credentials are decided by its origin. A hop to another origin carries no header of ours,
 * nothing credentialed goes over plain http except to loopback, an https to http downgrade is never
 * followed, and the walk ends after {@link #MAX_REDIRECTS} redirects. The final status decides:
 * 200 goes to the body handler, 429 and 5xx are worth a retry, anything else fails.
 */
final class RedirectWalk {
  static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "airlock/" + Version.get();

  /** Runs one request (the transport's call, with its cancellation and failure classification). */
  interface Exchange {
    Response execute(String what, Request request);
  }

  /** What to do with a 200 response (after redirects) for the URL it came from. */
  interface BodyHandler<T> {
    T handle(HttpUrl url, Response resp);
  }

  private final Exchange exchange;
  private final Consumer<String> debug;

  RedirectWalk(Exchange exchange, Consumer<String> debug) {
    this.exchange = exchange;
    this.debug = debug;
  }

  /**
   * GETs {@code start}, following redirects, and hands the final 200 to {@code handler}. With
   * {@code absentOk}, a 404 or 410 gives null instead of failing.
   */
  <T> T walk(String what, HttpUrl start, RequestAuth auth, String accept, boolean absentOk, BodyHandler<T> handler) {
    HttpUrl url = start;
    boolean sentCredentials = false;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Map<String, Secret> headers = auth.headersFor(url, hop == 0);
      Request.Builder rb = request(what, url, headers, auth, accept);
      sentCredentials |= !headers.isEmpty();
      debug.accept(what + ": GET " + Urls.redact(url) + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe(url) + ")"));
      try (Response resp = exchange.execute(what, rb.build())) {
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

  /**
   * One hop's request to {@code url} carrying {@code headers}, the credentials {@code auth} gives
   * that origin, asking for {@code accept} (may be null). Refused if credentials would go over plain
   * http to anything but loopback.
   */
  static Request.Builder request(String what, HttpUrl url, Map<String, Secret> headers, RequestAuth auth,
      String accept) {
    checkCleartext(what, url, headers, auth);
    Request.Builder rb = new Request.Builder().url(url).header("User-Agent", USER_AGENT)
        .tag(CredentialGuard.Grant.class, grant(url, headers, auth));
    if (accept != null) {
      rb.header("Accept", accept);
    }
    headers.forEach((k, v) -> rb.header(k, v.reveal()));
    return rb;
  }

  /** This hop may carry credentials to its own origin only, and only if ours gave it some. */
  private static CredentialGuard.Grant grant(HttpUrl url, Map<String, Secret> headers, RequestAuth auth) {
    Set<String> names = new HashSet<>(auth.headerNames());
    names.addAll(headers.keySet());
    return new CredentialGuard.Grant(headers.isEmpty() ? null : Origin.of(url), names);
  }

  private static void checkCleartext(String what, HttpUrl url, Map<String, Secret> headers, RequestAuth auth) {
    if (!url.isHttps() && !Origin.of(url).isLoopback() && (auth.configured() || !headers.isEmpty())) {
      throw new FetchException(what + ": refusing to send credentials over plain http to " + Origin.of(url));
    }
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
}
