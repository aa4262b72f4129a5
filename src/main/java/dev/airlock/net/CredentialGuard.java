package dev.airlock.net;

import dev.airlock.common.Origin;
import java.io.IOException;
import java.net.Proxy;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps credentials to the origin {@link HttpTransport} authorised, whoever adds them: an
 * interceptor, an {@code Authenticator} or a cookie jar of the client it was given (security
 * case 25). Two interceptors: {@link #recorder()} runs first and notes which headers the transport
 * itself set; the guard runs last, just before the wire. On a hop to any origin but the one the
 * transport authorised, only protocol headers and the transport's own non-credential headers are
 * sent: a credential added by anything else, under any header name, is dropped. A plain-http hop
 * that goes through a proxy carries no credential for the origin at all, authorised or not: the
 * proxy would read it in clear (the run's proxy selector never proxies loopback, the only place
 * plain http is allowed; this is the second line).
 */
final class CredentialGuard implements Interceptor {
  /** Headers OkHttp itself adds or that carry no credential by definition. */
  static final Set<String> PROTOCOL_HEADERS = Set.of("host", "connection", "accept", "accept-encoding",
      "accept-language", "user-agent", "range", "if-range", "if-none-match", "if-modified-since",
      "cache-control", "pragma", "content-type", "content-length", "transfer-encoding", "te");

  /** Header names that carry credentials: never kept on an unauthorised hop, even if the transport set them. */
  static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
      "cookie2", "private-token", "job-token", "deploy-token", "x-api-key", "x-auth-token", "x-jfrog-art-api",
      "x-registry-auth", "x-gitlab-token", "x-vault-token", "x-nuget-apikey", "npm-otp");

  /**
   * The request tag that says which origin this hop was authorised for (null: none) and which header
   * names the source's credential uses ({@code token: { header: NAME }}).
   */
  record Grant(Origin origin, Set<String> credentialHeaders) {
    Grant {
      credentialHeaders = lowerCase(credentialHeaders);
    }
  }

  /** Tag: the names of the headers on the request as the transport built it. */
  record OwnHeaders(Set<String> names) {}

  /** The first application interceptor: records the transport's own header names. */
  static Interceptor recorder() {
    return chain -> {
      Request r = chain.request();
      return chain.proceed(r.newBuilder().tag(OwnHeaders.class, new OwnHeaders(lowerCase(r.headers().names()))).build());
    };
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Grant grant = request.tag(Grant.class);
    boolean viaProxyInClear = plainHttpThroughProxy(chain);
    if (!viaProxyInClear && grant != null && grant.origin() != null && grant.origin().equals(Origin.of(request.url()))) {
      return chain.proceed(request);
    }
    OwnHeaders own = request.tag(OwnHeaders.class);
    Request.Builder stripped = request.newBuilder();
    boolean changed = false;
    for (String name : request.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean credential = CREDENTIAL_HEADERS.contains(lower) || (grant != null && grant.credentialHeaders().contains(lower));
      boolean allowed = PROTOCOL_HEADERS.contains(lower) || (own != null && own.names().contains(lower));
      if (lower.equals("proxy-authorization") && viaProxyInClear) {
        continue; // a plain-http request sent to a proxy carries the proxy's own credentials
      }
      if (credential || !allowed) {
        stripped.removeHeader(name);
        changed = true;
      }
    }
    return chain.proceed(changed ? stripped.build() : request);
  }

  private static boolean plainHttpThroughProxy(Chain chain) {
    Connection c = chain.connection();
    return !chain.request().url().isHttps() && c != null && c.route().proxy().type() != Proxy.Type.DIRECT;
  }

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> out = new HashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }
}
