package dev.airlock.fetch.git;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import dev.airlock.net.ProxyConfig;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.HttpUrl;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * JGit's HTTP connections for one source. Each request (JGit follows redirects itself, one new
 * connection per hop) gets the credential headers {@link RequestAuth} decides for its own URL, so a
 * redirect to another origin carries none (security case 26) and JGit is never given a
 * {@code CredentialsProvider} that could answer for any host. TLS is always the run's, as for HTTP
 * sources: trust (JDK CAs plus {@code tls.caCerts}/{@code --ca-cert}) and the
 * {@code tls.clientCert} offered only to the sources' hosts; JGit's attempts to switch
 * verification off are ignored. The proxy is the run's too ({@link ProxyConfig}: the environment's
 * {@code https_proxy}/{@code no_proxy}, never JGit's or the JVM's choice), with the proxy's own
 * credentials answered only to its {@code CONNECT}. Plain http is refused except to loopback, which
 * is never proxied; credentials never go over plain http through a proxy.
 */
final class GitHttpConnections implements HttpConnectionFactory {
  private final RequestAuth auth;
  private final Origin sourceOrigin;
  private final SSLSocketFactory tls;
  private final ProxyConfig proxies;
  private final Consumer<String> debug;

  GitHttpConnections(RequestAuth auth, Origin sourceOrigin, SSLSocketFactory tls, ProxyConfig proxies,
      Consumer<String> debug) {
    this.auth = auth;
    this.sourceOrigin = sourceOrigin;
    this.tls = tls;
    this.proxies = proxies;
    this.debug = debug;
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return create(url, Proxy.NO_PROXY);
  }

  /** {@code jgitsProxy} (the JVM's {@code ProxySelector}) is ignored: the run's proxies decide. */
  @Override
  public HttpConnection create(URL url, Proxy jgitsProxy) throws IOException {
    HttpUrl u = HttpUrl.get(url);
    if (u == null || !u.username().isEmpty() || !u.password().isEmpty()) {
      throw new IOException("refusing a URL with user-info");
    }
    Origin origin = Origin.of(u);
    if (!u.isHttps() && !origin.isLoopback()) {
      throw new IOException("refusing plain http to " + origin);
    }
    Map<String, Secret> headers = auth.headersFor(u, origin.equals(sourceOrigin));
    Proxy proxy = proxies.proxyFor(url);
    if (!u.isHttps() && proxy.type() != Proxy.Type.DIRECT && !headers.isEmpty()) {
      // never reached while loopback is never proxied; a proxy would read plain-http credentials
      throw new IOException("refusing to send credentials over plain http through a proxy to " + origin);
    }
    java.net.Authenticator proxyAuth = proxies.tunnelAuthenticator(); // before the JDK's HTTP classes load
    String via = proxy.address() instanceof InetSocketAddress a ? " via proxy " + a.getHostString() + ":" + a.getPort()
        : "";
    debug.accept("git: " + Urls.redact(u) + via + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe(u)
        + ")"));
    HttpURLConnection c = (HttpURLConnection) url.openConnection(proxy);
    c.setAuthenticator(proxyAuth); // never the JVM's default authenticator
    if (c instanceof HttpsURLConnection s) {
      s.setSSLSocketFactory(tls);
    }
    return new JdkConnection(c, headers);
  }
}
