package dev.airlock.fetch.git;

import dev.airlock.credentials.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnection;

/**
 * JGit's HTTP connections for one source. Each request (JGit follows redirects itself, one new
 * connection per hop) gets the credential headers {@link RequestAuth} decides for its own URL, so a
 * redirect to another origin carries none (SECURITY.md case 26) and JGit is never given a
 * {@code CredentialsProvider} that could answer for any host. Trust is always the run's (JDK CAs
 * plus {@code tls.caCerts}/{@code --ca-cert}): JGit's attempts to switch verification off are
 * ignored. Plain http is refused except to loopback.
 */
final class GitHttpConnections implements HttpConnectionFactory {
  private final RequestAuth auth;
  private final Origin sourceOrigin;
  private final X509TrustManager trust;
  private final Consumer<String> debug;

  GitHttpConnections(RequestAuth auth, Origin sourceOrigin, X509TrustManager trust, Consumer<String> debug) {
    this.auth = auth;
    this.sourceOrigin = sourceOrigin;
    this.trust = trust;
    this.debug = debug;
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return create(url, Proxy.NO_PROXY);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    HttpUrl u = HttpUrl.get(url);
    if (u == null || !u.username().isEmpty() || !u.password().isEmpty()) {
      throw new IOException("refusing a URL with user-info");
    }
    Origin origin = Origin.of(u);
    if (!u.isHttps() && !origin.isLoopback()) {
      throw new IOException("refusing plain http to " + origin);
    }
    Map<String, Secret> headers = auth.headersFor(u, origin.equals(sourceOrigin));
    debug.accept("git: " + Urls.redact(u) + (headers.isEmpty() ? "" : " (with credentials: " + auth.describe() + ")"));
    return new Connection(url, proxy, headers, trust);
  }

  /** A JDK connection with fixed trust and airlock's credential headers; nobody else may set those. */
  private static final class Connection extends JDKHttpConnection {
    private static final Set<String> ALWAYS_OURS = Set.of("authorization", "cookie", "proxy-authorization");
    private final Set<String> ours;

    Connection(URL url, Proxy proxy, Map<String, Secret> headers, X509TrustManager trust) throws IOException {
      super(url, proxy);
      if ("https".equals(url.getProtocol())) {
        try {
          super.configure(null, new TrustManager[] {trust}, null);
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
          throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
      }
      headers.forEach((k, v) -> super.setRequestProperty(k, v.reveal()));
      this.ours = headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public void setRequestProperty(String key, String value) {
      String k = key.toLowerCase(Locale.ROOT);
      if (!ours.contains(k) && !ALWAYS_OURS.contains(k)) {
        super.setRequestProperty(key, value);
      }
    }

    @Override
    public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      // trust is fixed at creation; never replaced (e.g. by http.sslVerify=false)
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier verifier) {
      // host names are always verified
    }
  }
}
