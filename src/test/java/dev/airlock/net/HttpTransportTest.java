package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.FetchException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SecretRef;
import dev.airlock.testing.Canary;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redirect and authentication security cases 16–20 (docs/security-cases.md) against two HTTPS origins. */
class HttpTransportTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path tmp;
  MockWebServer a;
  MockWebServer b;
  HttpTransport http;
  SecretRegistry registry;
  String token;

  @BeforeEach
  void setUp() throws Exception {
    a = TLS.httpsServer();
    b = TLS.httpsServer();
    TlsConfig tls = TlsConfig.withExtraCas(List.of(TLS.writeCa(tmp)));
    http = new HttpTransport(HttpTransport.defaultClient(tls),
        new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(50)), m -> {});
    registry = new SecretRegistry();
    token = Canary.next("token");
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  RequestAuth auth(CredentialSpec spec, HttpUrl url) {
    Manifest m = new Manifest(tmp.resolve("fetch.yaml"), 1, tmp.resolve("vendor"), List.of(),
        Map.of(spec.id(), spec), List.of(), DockerSpec.DEFAULTS);
    Environment env = new Environment(Map.of("TOK", token), tmp, tmp);
    return new CredentialResolver(m, env, registry, Optional.empty(), w -> {}).forSource(CredentialRef.named(spec.id()), url);
  }

  RequestAuth bearer(HttpUrl url) {
    return auth(new CredentialSpec.Token("tok", new SecretRef.Env("TOK"), Optional.empty()), url);
  }

  RequestAuth privateToken(HttpUrl url) {
    return auth(new CredentialSpec.Token("gl", new SecretRef.Env("TOK"), Optional.of("PRIVATE-TOKEN")), url);
  }

  static MockResponse redirect(HttpUrl to) {
    return new MockResponse.Builder().code(302).addHeader("Location", to.toString()).build();
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/octet-stream").body(body).build();
  }

  static void assertNoCredentials(RecordedRequest r) {
    Headers h = r.getHeaders();
    assertNull(h.get("Authorization"), "Authorization reached the other origin");
    assertNull(h.get("PRIVATE-TOKEN"), "PRIVATE-TOKEN reached the other origin");
    assertNull(h.get("Cookie"));
    assertNull(h.get("Proxy-Authorization"));
  }

  Download get(HttpUrl url, RequestAuth auth) {
    return http.download("src", url, auth, tmp.resolve("out.bin"), ProgressSink.NONE);
  }

  @Test
  void case16_bearerIsNotSentToAnotherOrigin() throws Exception {
    HttpUrl start = a.url("/file.bin");
    a.enqueue(redirect(b.url("/file.bin")));
    b.enqueue(ok("payload"));
    Download d = get(start, bearer(start));
    assertEquals("payload", Files.readString(tmp.resolve("out.bin")));
    assertEquals(b.url("/file.bin"), d.finalUrl());
    assertEquals("Bearer " + token, a.takeRequest().getHeaders().get("Authorization"));
    assertNoCredentials(b.takeRequest());
  }

  @Test
  void case17_customHeaderIsNotSentToAnotherOrigin() throws Exception {
    HttpUrl start = a.url("/f");
    a.enqueue(redirect(b.url("/f")));
    b.enqueue(ok("x"));
    get(start, privateToken(start));
    assertEquals(token, a.takeRequest().getHeaders().get("PRIVATE-TOKEN"));
    assertNoCredentials(b.takeRequest());
  }

  @Test
  void case18_otherPortOrHostNameIsAnotherOrigin() throws Exception {
    // Same server, reached as 127.0.0.1 instead of localhost: another host, so no credentials.
    HttpUrl start = a.url("/f");
    HttpUrl byIp = start.newBuilder().host("127.0.0.1").encodedPath("/g").build();
    a.enqueue(redirect(byIp));
    a.enqueue(ok("x"));
    get(start, bearer(start));
    assertEquals("Bearer " + token, a.takeRequest().getHeaders().get("Authorization"));
    assertNoCredentials(a.takeRequest());
  }

  @Test
  void sameOriginRedirectKeepsCredentials() throws Exception {
    HttpUrl start = a.url("/f");
    a.enqueue(redirect(a.url("/g")));
    a.enqueue(ok("x"));
    get(start, bearer(start));
    a.takeRequest();
    assertEquals("Bearer " + token, a.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void case19_downgradeToHttpIsNotFollowed() throws Exception {
    try (MockWebServer plain = new MockWebServer()) {
      plain.start();
      HttpUrl start = a.url("/f");
      a.enqueue(redirect(plain.url("/f")));
      FetchException e = assertThrows(FetchException.class, () -> get(start, bearer(start)));
      assertTrue(e.getMessage().contains("plain http"), e.getMessage());
      assertEquals(0, plain.getRequestCount());
    }
  }

  @Test
  void case20_challengeFromRedirectTargetGetsNothing() throws Exception {
    HttpUrl start = a.url("/f");
    a.enqueue(redirect(b.url("/f")));
    b.enqueue(new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"b\"").build());
    FetchException e = assertThrows(FetchException.class, () -> get(start, bearer(start)));
    assertTrue(e.getMessage().contains("401"));
    assertTrue(e.getMessage().contains("tok"), "names the credential id: " + e.getMessage());
    Canary.assertAbsent("message", e.getMessage(), Canary.forms(token));
    assertNoCredentials(b.takeRequest());
    assertEquals(1, b.getRequestCount());
  }

  @Test
  void credentialsOverPlainHttpAreRefusedBeforeConnecting() {
    HttpUrl url = HttpUrl.get("http://example.invalid/f");
    FetchException e = assertThrows(FetchException.class, () -> get(url, bearer(url)));
    assertTrue(e.getMessage().contains("plain http"), e.getMessage());
  }

  @Test
  void plainHttpToLoopbackIsAllowed() throws Exception {
    try (MockWebServer plain = new MockWebServer()) {
      plain.start();
      plain.enqueue(ok("x"));
      HttpUrl url = plain.url("/f");
      get(url, bearer(url));
      assertEquals("Bearer " + token, plain.takeRequest().getHeaders().get("Authorization"));
    }
  }

  @Test
  void retriesServerErrorsHonouringRetryAfter() throws Exception {
    a.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    a.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
    a.enqueue(ok("done"));
    get(a.url("/f"), RequestAuth.NONE);
    assertEquals(3, a.getRequestCount());
    assertEquals("done", Files.readString(tmp.resolve("out.bin")));
  }

  @Test
  void givesUpAfterTheRetryBudget() {
    for (int i = 0; i < 3; i++) {
      a.enqueue(new MockResponse.Builder().code(500).build());
    }
    FetchException e = assertThrows(FetchException.class, () -> get(a.url("/f"), RequestAuth.NONE));
    assertTrue(e.getMessage().contains("500"), e.getMessage());
    assertEquals(3, a.getRequestCount());
  }

  @Test
  void authFailureIsNotRetriedAndNamesTheCredential() {
    a.enqueue(new MockResponse.Builder().code(403).build());
    HttpUrl url = a.url("/f");
    FetchException e = assertThrows(FetchException.class, () -> get(url, bearer(url)));
    assertEquals(1, a.getRequestCount());
    assertTrue(e.getMessage().contains("403") && e.getMessage().contains("tok"), e.getMessage());
    Canary.assertAbsent("message", e.getMessage(), Canary.forms(token));
  }

  @Test
  void loginPageWith200IsAnError() {
    a.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
        .body("<html><form>login</form></html>").build());
    FetchException e = assertThrows(FetchException.class, () -> get(a.url("/model.bin"), RequestAuth.NONE));
    assertTrue(e.getMessage().contains("HTML"), e.getMessage());
  }

  @Test
  void unknownCaFailsWithoutRetryOrDowngrade() throws Exception {
    HttpTransport untrusting = new HttpTransport(HttpTransport.defaultClient(TlsConfig.withExtraCas(List.of())),
        RetryPolicy.DEFAULT, m -> {});
    a.enqueue(ok("x"));
    HttpUrl url = a.url("/f");
    FetchException e = assertThrows(FetchException.class,
        () -> untrusting.download("src", url, RequestAuth.NONE, tmp.resolve("o"), ProgressSink.NONE));
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    assertEquals(0, a.getRequestCount());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void redirectLoopStops() {
    for (int i = 0; i <= RedirectWalk.MAX_REDIRECTS; i++) {
      a.enqueue(redirect(a.url("/loop")));
    }
    FetchException e = assertThrows(FetchException.class, () -> get(a.url("/loop"), RequestAuth.NONE));
    assertTrue(e.getMessage().contains("too many redirects"), e.getMessage());
  }

  @Test
  void queryStringsAreNotPrinted() throws Exception {
    a.enqueue(new MockResponse.Builder().code(404).build());
    FetchException e = assertThrows(FetchException.class,
        () -> get(a.url("/f?X-Amz-Signature=" + token), RequestAuth.NONE));
    Canary.assertAbsent("message", e.getMessage(), Canary.forms(token));
    a.takeRequest(1, TimeUnit.SECONDS);
  }
}
