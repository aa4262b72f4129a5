package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock sbom} after a real fetch with a bearer token: valid CycloneDX, offline, no credential. */
class SbomCommandTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  CliRunner cli;
  final String token = Canary.next("bearer");

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (!("Bearer " + token).equals(r.getHeaders().get("Authorization"))) {
          return new MockResponse.Builder().code(401).build();
        }
        return new MockResponse.Builder().code(200).body("model bytes " + token.length()).build();
      }
    });
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
        """.formatted(server.url("/models/v3.bin")));
    cli = new CliRunner(project, home).env("TOKEN", token);
    assertEquals(0, cli.run("fetch", "--no-progress").exit());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void writesValidCycloneDxWithoutTheToken() throws Exception {
    server.close(); // offline: sbom reads the lock only
    CliRunner.Result r = cli.run("sbom", "-o", "out/bom.json");
    assertEquals(0, r.exit(), r.all());
    String bom = Files.readString(project.resolve("out/bom.json"));
    assertTrue(new JsonParser().validate(bom, Version.VERSION_16).isEmpty());
    assertTrue(bom.contains("pkg:generic/model?checksum=sha256"), bom);
    assertTrue(bom.contains("files/model/v3.bin"));
    assertEquals("", r.out());
    List<String> forms = Canary.forms(token);
    Canary.assertAbsent("sbom", bom, forms);
    Canary.assertAbsent("output", r.all(), forms);

    CliRunner.Result stdout = cli.run("sbom");
    assertEquals(0, stdout.exit());
    assertEquals(bom, stdout.out(), "stdout and -o give the same bytes");
    try (var s = Files.list(project.resolve("out"))) {
      assertEquals(1, s.count(), "no temp file left beside the output");
    }
  }

  @Test
  void refusesWithoutALockOrWithAStaleOne() throws Exception {
    Files.delete(project.resolve("fetch.lock"));
    CliRunner.Result none = cli.run("sbom");
    assertEquals(1, none.exit());
    assertTrue(none.err().contains("no fetch.lock"), none.err());
    assertEquals(0, cli.run("fetch", "--no-progress").exit());
    Files.writeString(project.resolve("fetch.yaml"),
        Files.readString(project.resolve("fetch.yaml")).replace("v3.bin", "v4.bin"));
    CliRunner.Result stale = cli.run("sbom", "-o", "bom.json");
    assertEquals(1, stale.exit());
    assertTrue(stale.err().contains("model: manifest entry changed"), stale.err());
    assertFalse(Files.exists(project.resolve("bom.json")));
  }
}
