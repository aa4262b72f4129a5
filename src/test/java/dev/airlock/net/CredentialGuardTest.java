package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SecretRef;
import dev.airlock.testing.Canary;
import dev.airlock.testing.TestTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security case 25 (docs/security-cases.md). airlock never adds credentials with an interceptor, but the OkHttpClient it
 * is given might (a corporate wrapper, a future refactoring). Whoever adds them, a credential
 * header reaches only the origin HttpTransport authorised for that hop: the guard strips the rest.
 */
class CredentialGuardTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path tmp;
  MockWebServer a;
  MockWebServer b;
  TlsConfig tls;
  final String leak = Canary.next("interceptor");
  final String token = Canary.next("token");

  @BeforeEach
  void setUp() throws Exception {
    a = TLS.httpsServer();
    b = TLS.httpsServer();
    tls = TlsConfig.withExtraCas(List.of(TLS.writeCa(tmp)));
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  /** An interceptor that puts credentials of every kind on every request it sees. */
  Interceptor addsCredentials() {
    return chain -> chain.proceed(chain.request().newBuilder()
        .header("Authorization", "Bearer " + leak)
        .header("PRIVATE-TOKEN", leak)
        .header("X-Corp-Auth", leak)
        .header("Cookie", "sid=" + leak)
        .header("Proxy-Authorization", "Basic " + leak)
        .build());
  }

  HttpTransport transport(OkHttpClient given) {
    return new HttpTransport(given, RetryPolicy.NONE, m -> {});
  }

  OkHttpClient.Builder base() {
    return HttpTransport.defaultClient(tls).newBuilder();
  }

  RequestAuth customHeaderToken(HttpUrl url) {
    CredentialSpec spec = new CredentialSpec.Token("corp", new SecretRef.Env("TOK"), Optional.of("X-Corp-Auth"));
    Manifest m = new Manifest(tmp.resolve("fetch.yaml"), 1, tmp.resolve("vendor"), List.of(),
        Map.of("corp", spec), List.of(), DockerSpec.DEFAULTS);
    return new CredentialResolver(m, new Environment(Map.of("TOK", token), tmp, tmp), new SecretRegistry(),
        Optional.empty(), w -> {}).forSource(CredentialRef.named("corp"), url);
  }

  void redirectAtoB() {
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Location", b.url("/f").toString()).build());
    b.enqueue(new MockResponse.Builder().body("payload").build());
  }

  static void assertNoCredentialHeader(RecordedRequest r) {
    for (String h : List.of("Authorization", "PRIVATE-TOKEN", "X-Corp-Auth", "Cookie", "Proxy-Authorization")) {
      assertNull(r.getHeaders().get(h), h + " reached " + r.getUrl());
    }
  }

  void download(HttpTransport http, HttpUrl url, RequestAuth auth) {
    http.download("src", url, auth, tmp.resolve("out"), ProgressSink.NONE);
  }

  @Test
  void networkInterceptorCredentialsNeverReachTheRedirectTarget() throws Exception {
    redirectAtoB();
    HttpUrl start = a.url("/f");
    download(transport(base().addNetworkInterceptor(addsCredentials()).build()), start, customHeaderToken(start));
    RecordedRequest atA = a.takeRequest();
    // A is the origin our credential is for: what goes there is A's business.
    assertEquals(leak, atA.getHeaders().get("X-Corp-Auth"));
    RecordedRequest atB = b.takeRequest();
    assertNoCredentialHeader(atB);
    org.junit.jupiter.api.Assertions.assertTrue(atB.getHeaders().get("User-Agent").startsWith("airlock/"),
        "the transport's own headers still go");
    Canary.assertAbsent("headers at B", atB.getHeaders().toString(), Canary.forms(leak));
    Canary.assertAbsent("headers at B", atB.getHeaders().toString(), Canary.forms(token));
  }

  @Test
  void applicationInterceptorCredentialsNeverReachTheRedirectTarget() throws Exception {
    redirectAtoB();
    HttpUrl start = a.url("/f");
    download(transport(base().addInterceptor(addsCredentials()).build()), start, customHeaderToken(start));
    a.takeRequest();
    assertNoCredentialHeader(b.takeRequest());
  }

  /**
   * Belt and braces for issue 20 item 2: even if a proxy is forced on the client (the run's own
   * proxy selector never proxies loopback), a plain-http request through it carries no credential.
   */
  @Test
  void noCredentialIsSentOnPlainHttpThroughAProxy() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.start();
      proxy.enqueue(new MockResponse.Builder().body("payload").build());
      HttpUrl start = HttpUrl.get("http://127.0.0.1:9/f"); // never connected to: the proxy answers
      OkHttpClient viaProxy = base().proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP,
          new java.net.InetSocketAddress(proxy.getHostName(), proxy.getPort()))).build();
      download(transport(viaProxy), start, customHeaderToken(start));
      RecordedRequest atProxy = proxy.takeRequest();
      assertNoCredentialHeader(atProxy);
      Canary.assertAbsent("headers at the proxy", atProxy.getHeaders().toString(), Canary.forms(token));
    }
  }

  /** With no credential of ours at all, nobody gets one, not even the first origin. */
  @Test
  void withoutOurCredentialsNoHopCarriesAny() throws Exception {
    redirectAtoB();
    download(transport(base().addNetworkInterceptor(addsCredentials()).build()), a.url("/f"), RequestAuth.NONE);
    assertNoCredentialHeader(a.takeRequest());
    assertNoCredentialHeader(b.takeRequest());
  }

  /** Case 2/20 variant: a host-blind Authenticator on the given client is never asked. */
  @Test
  void theGivenClientsAuthenticatorIsNotUsed() throws Exception {
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Location", b.url("/f").toString()).build());
    b.enqueue(new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"b\"").build());
    b.enqueue(new MockResponse.Builder().body("should not be asked for").build());
    OkHttpClient given = base().authenticator((route, response) -> response.request().newBuilder()
        .header("Authorization", "Basic " + leak).build()).build();
    HttpUrl start = a.url("/f");
    org.junit.jupiter.api.Assertions.assertThrows(dev.airlock.error.FetchException.class,
        () -> download(transport(given), start, customHeaderToken(start)));
    assertNoCredentialHeader(b.takeRequest());
    assertEquals(1, b.getRequestCount(), "B was asked again with credentials");
  }

  @Test
  void theGivenClientsCookieJarIsNotUsed() throws Exception {
    redirectAtoB();
    OkHttpClient given = base().cookieJar(new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return List.of(new Cookie.Builder().name("sid").value(leak).domain(url.host()).build());
      }
    }).build();
    download(transport(given), a.url("/f"), RequestAuth.NONE);
    assertNoCredentialHeader(a.takeRequest());
    assertNoCredentialHeader(b.takeRequest());
  }

  /** The guard alone (not the redirect logic): a hop authorised for A that is sent to B is stripped. */
  @Test
  void aGrantForOneOriginDoesNotCoverAnother() throws Exception {
    b.enqueue(new MockResponse.Builder().body("x").build());
    OkHttpClient client = transport(base().build()).client();
    HttpUrl atB = b.url("/f");
    okhttp3.Request r = new okhttp3.Request.Builder().url(atB).header("Authorization", "Bearer " + leak)
        .header("X-Corp-Auth", leak)
        .tag(CredentialGuard.Grant.class, new CredentialGuard.Grant(dev.airlock.common.Origin.of(a.url("/")),
            java.util.Set.of("X-Corp-Auth")))
        .build();
    try (var resp = client.newCall(r).execute()) {
      assertEquals(200, resp.code());
    }
    assertNoCredentialHeader(b.takeRequest());
  }
}
