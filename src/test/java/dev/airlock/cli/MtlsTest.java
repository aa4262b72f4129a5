package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tls.clientCert/clientKey against a server that requires client auth; offered to the sources' hosts only. */
class MtlsTest {
  static final TestTls TLS = new TestTls();
  static final HeldCertificate CLIENT = TLS.client("airlock-ci");
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.mtlsServer();
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
          - name: model
            http: { url: "%s" }
        """.formatted(withCert ? "  clientCert: client.pem\n  clientKey: client.key" : "", url));
    return new CliRunner(project, home).run("fetch", "--no-progress");
  }

  @Test
  void presentsTheClientCertificate() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("model").build());
    CliRunner.Result r = fetch(server.url("/m.bin").toString(), true);
    assertEquals(0, r.exit(), r.all());
    RecordedRequest req = server.takeRequest();
    assertTrue(req.getHandshake().peerPrincipal().getName().contains("airlock-ci"));
    assertFalse(r.all().contains("PRIVATE KEY"));
  }

  @Test
  void withoutTheCertificateTheHandshakeFails() throws Exception {
    CliRunner.Result r = fetch(server.url("/m.bin").toString(), false);
    assertEquals(3, r.exit(), r.all());
  }

  @Test
  void notOfferedToARedirectTargetOnAnotherHost() throws Exception {
    try (MockWebServer plain = TLS.httpsServer()) {
      String target = server.url("/m.bin").newBuilder().host("127.0.0.1").build().toString();
      for (int i = 0; i < 5; i++) { // one per retry
        plain.enqueue(new MockResponse.Builder().code(302).addHeader("Location", target).build());
        server.enqueue(new MockResponse.Builder().code(200).body("model").build());
      }
      CliRunner.Result r = fetch(plain.url("/start").newBuilder().host("localhost").build().toString(), true);
      assertEquals(3, r.exit(), "127.0.0.1 is not a source host, so it gets no client certificate: " + r.all());
      assertEquals(0, server.getRequestCount(), "the handshake failed before any request");
    }
  }

  @Test
  void halfAPairIsAManifestError() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"),
        "version: 1\ntls: { clientCert: client.pem }\nsources: []\n");
    CliRunner.Result r = new CliRunner(project, home).run("fetch");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("tls.clientCert: needs clientKey too"), r.err());
  }
}
