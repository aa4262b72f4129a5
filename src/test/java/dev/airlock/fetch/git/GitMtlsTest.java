package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.HttpGitDispatcher;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tls.clientCert/clientKey for git over HTTPS: a smart-HTTP server that requires client auth. */
class GitMtlsTest extends GitFixture {
  static final TestTls TLS = new TestTls();
  static final HeldCertificate CLIENT = TLS.client("airlock-ci");
  MockWebServer server;
  HttpGitDispatcher git;

  @BeforeEach
  void setUp() throws Exception {
    createRepo();
    git = new HttpGitDispatcher(repo.repo, r -> true);
    server = TLS.mtlsServer();
    server.setDispatcher(git);
    server.start();
    TLS.writeClient(project, CLIENT);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  CliRunner.Result fetch(String url, boolean withCert) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls:
          caCerts: [ca.pem]
        %s
        sources:
          - name: repo
            git: { url: "%s", ref: v1 }
        """.formatted(withCert ? "  clientCert: client.pem\n  clientKey: client.key" : "", url));
    return cli.run("fetch", "--no-progress");
  }

  @Test
  void presentsTheClientCertificateOnEveryConnection() throws Exception {
    CliRunner.Result r = fetch(server.url("/r.git").toString(), true);
    assertOk(r);
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
    assertTrue(git.requests.size() >= 2, "info/refs and upload-pack: " + git.requests.size());
    for (RecordedRequest req : git.requests) {
      assertTrue(req.getHandshake().peerPrincipal().getName().contains("airlock-ci"), req.toString());
    }
    assertFalse(r.all().contains("PRIVATE KEY"));
  }

  @Test
  void withoutTheCertificateTheFetchFailsWithExit3AndAClearMessage() throws Exception {
    CliRunner.Result r = fetch(server.url("/r.git").toString(), false);
    assertExit(3, r);
    assertTrue(r.err().contains("client certificate"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals(0, git.requests.size(), "the handshake failed before any request");
    assertFalse(Files.exists(project.resolve("vendor")));
  }

  @Test
  void notOfferedToARedirectTargetOnAnotherHost() throws Exception {
    try (MockWebServer plain = TLS.httpsServer()) {
      HttpGitDispatcher redirecting = new HttpGitDispatcher(repo.repo, r -> true);
      redirecting.redirectTo = server.url("/r.git").newBuilder().host("127.0.0.1").build().toString();
      plain.setDispatcher(redirecting);
      CliRunner.Result r = fetch(plain.url("/r.git").newBuilder().host("localhost").build().toString(), true);
      assertExit(3, r);
      assertFalse(redirecting.requests.isEmpty(), "the redirect was not served: nothing was tested");
      assertEquals(0, git.requests.size(), "127.0.0.1 is not a source host, so it gets no client certificate");
    }
  }
}
