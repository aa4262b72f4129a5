package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.ConnectProxy;
import dev.airlock.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https_proxy with credentials: only the proxy sees Proxy-Authorization, only after a 407; no_proxy bypasses. */
class ProxyTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer origin;
  ConnectProxy proxy;
  final String token = Canary.next("bearer");
  final String proxyPassword = Canary.next("proxy");

  @BeforeEach
  void setUp() throws Exception {
    origin = TLS.httpsServer();
    origin.enqueue(new MockResponse.Builder().code(200).body("model").build());
    proxy = new ConnectProxy(Optional.of("Basic " + b64("puser:" + proxyPassword)));
    TLS.writeCa(project);
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          art: { token: { env: TOKEN } }
        sources:
          - name: model
            credentials: art
            http: { url: "%s" }
        """.formatted(origin.url("/m.bin").newBuilder().host(ConnectProxy.ORIGIN).build()));
  }

  @AfterEach
  void tearDown() throws Exception {
    origin.close();
    proxy.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  CliRunner cli() {
    return new CliRunner(project, home).env("TOKEN", token)
        .env("https_proxy", "http://puser:" + proxyPassword + "@127.0.0.1:" + proxy.port());
  }

  @Test
  void fetchedContentHoldingTheProxyPasswordIsNotPlaced() throws Exception {
    origin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().code(200).body("https_proxy=http://puser:" + proxyPassword + "@proxy\n").build();
      }
    });
    CliRunner.Result r = cli().run("fetch", "--no-progress");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("found in fetched content"), r.err());
    assertTrue(!Files.exists(project.resolve("vendor")) && !Files.exists(project.resolve("fetch.lock")), r.all());
    Canary.assertAbsent("output", r.all(), Canary.forms(proxyPassword, "puser"));
  }

  @Test
  void proxyCredentialsGoOnlyToTheProxyAfterA407() throws Exception {
    CliRunner.Result r = cli().run("fetch", "--no-progress", "-v");
    assertEquals(0, r.exit(), r.all());
    RecordedRequest atOrigin = origin.takeRequest();
    assertNull(atOrigin.getHeaders().get("Proxy-Authorization"), "the origin never sees the proxy's credentials");
    assertEquals("Bearer " + token, atOrigin.getHeaders().get("Authorization"));
    List<List<String>> heads = proxy.heads();
    assertEquals(2, heads.size(), heads.toString());
    assertTrue(heads.get(0).get(0).startsWith("CONNECT " + ConnectProxy.ORIGIN + ":" + origin.getPort()));
    assertTrue(heads.get(0).stream().noneMatch(l -> l.toLowerCase().startsWith("proxy-authorization")),
        "not sent before the proxy asks");
    assertTrue(heads.get(1).contains("Proxy-Authorization: Basic " + b64("puser:" + proxyPassword)), heads.toString());
    Canary.assertAbsent("proxy request heads", heads.toString(), Canary.forms(token));
    List<String> forms = Canary.forms(proxyPassword, "puser");
    Canary.assertAbsent("output", r.all(), forms);
    Canary.assertAbsent("lock", Files.readString(project.resolve("fetch.lock")), forms);
  }

  @Test
  void noProxyBypassesTheProxy() throws Exception {
    // direct, the name resolves nowhere: the fetch fails at DNS, and the proxy saw nothing
    CliRunner.Result r = cli().env("no_proxy", "example.org, " + ConnectProxy.ORIGIN).run("fetch", "--no-progress");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("unknown host " + ConnectProxy.ORIGIN), r.err());
    assertEquals(0, proxy.heads().size());
    assertEquals(0, origin.getRequestCount());
  }

  /** Issue 20 item 2: plain http is allowed to loopback only because it never leaves the host: no proxy. */
  @Test
  void plainHttpToLoopbackNeverGoesThroughTheHttpProxy() throws Exception {
    try (MockWebServer plain = new MockWebServer(); MockWebServer logging = new MockWebServer()) {
      plain.start();
      plain.enqueue(new MockResponse.Builder().code(200).body("model").build());
      logging.start();
      logging.enqueue(new MockResponse.Builder().code(200).body("model").build());
      Files.writeString(project.resolve("fetch.yaml"), """
          version: 1
          credentials:
            art: { token: { env: TOKEN } }
          sources:
            - name: model
              credentials: art
              http: { url: "http://127.0.0.1:%d/m.bin" }
          """.formatted(plain.getPort()));
      CliRunner.Result r = new CliRunner(project, home).env("TOKEN", token)
          .env("http_proxy", "http://127.0.0.1:" + logging.getPort()).run("fetch", "--no-progress");
      assertEquals(0, logging.getRequestCount(), "the proxy received a request");
      assertEquals(0, r.exit(), r.all());
      assertEquals("Bearer " + token, plain.takeRequest().getHeaders().get("Authorization"));
    }
  }

  @Test
  void aNonHttpProxyIsAUsageErrorThatDoesNotPrintTheUrl() throws Exception {
    CliRunner.Result r = new CliRunner(project, home).env("TOKEN", token)
        .env("HTTPS_PROXY", "socks5://u:" + proxyPassword + "@127.0.0.1:1080").run("fetch", "--no-progress");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("$HTTPS_PROXY: not an http:// proxy URL"), r.err());
    Canary.assertAbsent("output", r.all(), Canary.forms(proxyPassword));
  }
}
