package dev.airlock.net;

import dev.airlock.credentials.Origin;
import java.io.IOException;
import java.net.Proxy;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The last network interceptor of {@link HttpTransport}'s client: a credential-bearing header
 * reaches the wire only on a hop to the origin the transport authorised for that hop, whoever added
 * the header (an interceptor of the client it was given, an {@code Authenticator}, a cookie jar).
 * Every other hop loses them all (SECURITY.md case 25).
 */
final class CredentialGuard implements Interceptor {
  /** Header names that carry credentials in the registries and tools airlock talks to. */
  static final Set<String> CREDENTIAL_HEADERS = lowerCase(Set.of(
      "Authorization", "Proxy-Authorization", "Cookie", "Cookie2", "PRIVATE-TOKEN", "JOB-TOKEN",
      "DEPLOY-TOKEN", "X-Api-Key", "X-Auth-Token", "X-JFrog-Art-Api", "X-Registry-Auth", "X-Gitlab-Token",
      "X-Vault-Token", "X-Nuget-ApiKey", "npm-otp"));

  /**
   * The request tag that says which origin this hop was authorised for (null: none) and which extra
   * header names the source's credential may use ({@code token: { header: NAME }}).
   */
  record Grant(Origin origin, Set<String> headerNames) {
    Grant {
      headerNames = lowerCase(headerNames);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Grant grant = request.tag(Grant.class);
    if (grant != null && grant.origin() != null && grant.origin().equals(Origin.of(request.url()))) {
      return chain.proceed(request);
    }
    Request.Builder stripped = request.newBuilder();
    boolean changed = false;
    for (String name : request.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean credential = CREDENTIAL_HEADERS.contains(lower) || (grant != null && grant.headerNames().contains(lower));
      if (credential && !(lower.equals("proxy-authorization") && plainHttpThroughProxy(chain))) {
        stripped.removeHeader(name);
        changed = true;
      }
    }
    return chain.proceed(changed ? stripped.build() : request);
  }

  /** A plain-http request sent to a proxy carries the proxy's own credentials legitimately. */
  private static boolean plainHttpThroughProxy(Chain chain) {
    Connection c = chain.connection();
    return !chain.request().url().isHttps() && c != null && c.route().proxy().type() != Proxy.Type.DIRECT;
  }

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> out = new TreeSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }
}
