package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.ConnectProxy;
import dev.airlock.testing.HttpGitDispatcher;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * git over HTTPS through https_proxy (a CONNECT proxy on loopback that wants Basic credentials):
 * the proxy's credentials go to the proxy only, after its 407; the origin never sees them, not even
 * when it answers 407 itself; no_proxy bypasses the proxy.
 */
class GitProxyTest extends GitFixture {
  static final TestTls TLS = new TestTls();
  final String token = Canary.next("gittoken");
  final String proxyPassword = Canary.next("proxypw");
  MockWebServer origin;
  HttpGitDispatcher git;
  ConnectProxy proxy;

  @BeforeEach
  void setUp() throws Exception {
    createRepo();
    git = new HttpGitDispatcher(repo.repo,
        r -> GitHttpFetchTest.basic("x-access-token", token).equals(r.getHeaders().get("Authorization")));
    origin = TLS.httpsServer();
    origin.setDispatcher(git);
    proxy = new ConnectProxy(Optional.of(GitHttpFetchTest.basic("puser", proxyPassword)));
    TLS.writeCa(project);
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          gh: { basic: { username: x-access-token, passwordEnv: GIT_TOKEN } }
        sources:
          - name: repo
            credentials: gh
            git: { url: "%s", ref: v1 }
        """.formatted(origin.url("/r.git").newBuilder().host(ConnectProxy.ORIGIN).build()));
    cli.env("GIT_TOKEN", token).env("https_proxy", "http://puser:" + proxyPassword + "@127.0.0.1:" + proxy.port());
  }

  @AfterEach
  void tearDown() throws Exception {
    origin.close();
    proxy.close();
  }

  List<String> forms() {
    return Canary.forms(proxyPassword, "puser");
  }

  @Test
  void fetchesThroughTheProxyWhichAloneSeesItsCredentials() throws Exception {
    CliRunner.Result r = cli.run("fetch", "--no-progress", "-v");
    assertOk(r);
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
    List<List<String>> heads = proxy.heads();
    assertFalse(heads.isEmpty(), "the proxy was not used");
    for (List<String> head : heads) {
      assertTrue(head.get(0).startsWith("CONNECT " + ConnectProxy.ORIGIN + ":" + origin.getPort() + " "), head.toString());
    }
    assertTrue(heads.get(0).stream().noneMatch(l -> l.toLowerCase().startsWith("proxy-authorization")),
        "not sent before the proxy asks: " + heads.get(0));
    String name = "Proxy-Authorization: "; // the JDK writes "Proxy-authorization"
    String value = GitHttpFetchTest.basic("puser", proxyPassword);
    assertTrue(heads.stream().flatMap(List::stream).anyMatch(l -> l.regionMatches(true, 0, name, 0, name.length())
        && l.substring(name.length()).equals(value)), heads.toString());
    Canary.assertAbsent("proxy request heads", heads.toString(), Canary.forms(token, "x-access-token"));
    assertTrue(git.requests.size() >= 2, "info/refs and upload-pack: " + git.requests.size());
    for (RecordedRequest req : git.requests) {
      assertNull(req.getHeaders().get("Proxy-Authorization"), "the origin got the proxy's credentials");
      Canary.assertAbsent("origin request", req.getHeaders().toString(), forms());
    }
    Canary.assertAbsent("output", r.all(), forms());
    Canary.assertAbsentInTree(project, forms());
    Canary.assertAbsentInTree(home, forms());
  }

  @Test
  void anOriginAnswering407FromInsideTheTunnelGetsNoProxyCredentials() throws Exception {
    Dispatcher asks = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest req) {
        git.requests.add(req);
        return new MockResponse.Builder().code(407)
            .addHeader("Proxy-Authenticate", "Basic realm=\"origin\"").build();
      }
    };
    origin.setDispatcher(asks);
    CliRunner.Result r = cli.run("fetch", "--no-progress");
    assertExit(3, r);
    assertFalse(git.requests.isEmpty(), "the origin was not reached: nothing was tested");
    for (RecordedRequest req : git.requests) {
      assertNull(req.getHeaders().get("Proxy-Authorization"), "the origin got the proxy's credentials");
    }
    Canary.assertAbsent("output", r.all(), forms());
  }

  @Test
  void aWrongProxyPasswordFailsClearlyWithoutShowingIt() throws Exception {
    String wrong = Canary.next("wrongpw");
    CliRunner.Result r = cli.env("https_proxy", "http://puser:" + wrong + "@127.0.0.1:" + proxy.port())
        .run("fetch", "--no-progress");
    assertExit(3, r);
    assertTrue(r.err().contains("proxy authentication failed") && r.err().contains("407"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals(0, git.requests.size());
    Canary.assertAbsent("output", r.all(), Canary.forms(wrong, "puser"));
  }

  /** Issue 20 item 2: plain http is allowed to loopback only because it never leaves the host: no proxy. */
  @Test
  void plainHttpToLoopbackNeverGoesThroughTheHttpProxy() throws Exception {
    try (MockWebServer plain = new MockWebServer(); MockWebServer logging = new MockWebServer()) {
      plain.setDispatcher(git);
      plain.start();
      logging.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest req) {
          return new MockResponse.Builder().code(502).build();
        }
      });
      logging.start();
      Files.writeString(project.resolve("fetch.yaml"), """
          version: 1
          credentials:
            gh: { basic: { username: x-access-token, passwordEnv: GIT_TOKEN } }
          sources:
            - name: repo
              credentials: gh
              git: { url: "http://127.0.0.1:%d/r.git", ref: v1 }
          """.formatted(plain.getPort()));
      CliRunner.Result r = cli.env("http_proxy", "http://127.0.0.1:" + logging.getPort())
          .env("HTTP_PROXY", "http://127.0.0.1:" + logging.getPort()).run("fetch", "--no-progress");
      assertEquals(0, logging.getRequestCount(), "the proxy received a request");
      assertOk(r);
      assertTrue(git.requests.size() >= 2, "info/refs and upload-pack: " + git.requests.size());
    }
  }

  @Test
  void noProxyBypassesTheProxy() throws Exception {
    // direct, the name resolves nowhere: the fetch fails, and the proxy saw nothing
    assertExit(3, cli.env("no_proxy", "example.org, " + ConnectProxy.ORIGIN).run("fetch", "--no-progress"));
    assertEquals(0, proxy.heads().size());
    assertEquals(0, git.requests.size());
  }
}
