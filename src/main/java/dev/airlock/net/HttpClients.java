package dev.airlock.net;

import java.time.Duration;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.OkHttpClient;

/**
 * Client set-up: the standard OkHttpClient of a run (TLS, proxies, timeouts), and the switches that
 * leave every credential decision to {@link HttpTransport}, whichever client it was given.
 */
final class HttpClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private HttpClients() {}

  /**
   * The client with proxies and timeouts. {@code readTimeout} is the longest a stalled server may
   * keep a transfer waiting for its next bytes.
   */
  static OkHttpClient standard(TlsConfig tls, ProxyConfig proxies, Duration connectTimeout, Duration readTimeout) {
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
   * {@code given} with redirects, authenticator and cookies switched off (credentials are decided
   * by the transport, per hop) and {@link CredentialGuard} around its interceptors.
   */
  static OkHttpClient guarded(OkHttpClient given) {
    OkHttpClient.Builder b = given.newBuilder().followRedirects(false).followSslRedirects(false)
        .authenticator(Authenticator.NONE).cookieJar(CookieJar.NO_COOKIES)
        .addNetworkInterceptor(new CredentialGuard());
    b.interceptors().add(0, CredentialGuard.recorder());
    return b.build();
  }

  /** Releases the client's threads and pooled connections. */
  static void release(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
