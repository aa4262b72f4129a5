package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fetch --json} and {@code verify --json}: one document on stdout, golden files, progress on stderr. */
class JsonOutputTest {
  static final TestTls TLS = new TestTls();
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  CliRunner cli;
  final String token = Canary.next("bearer");
  final AtomicBoolean denyAll = new AtomicBoolean();

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (denyAll.get() || !("Bearer " + token).equals(r.getHeaders().get("Authorization"))) {
          return new MockResponse.Builder().code(401).body("denied").build();
        }
        return new MockResponse.Builder().code(200).body("contents of " + r.getUrl().encodedPath()).build();
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
          - name: schema
            credentials: art
            http: { url: "%s" }
        """.formatted(server.url("/models/v3.bin"), server.url("/schemas/s.json")));
    cli = new CliRunner(project, home).env("TOKEN", token).env("AIRLOCK_CACHE", home.resolve("cache").toString());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  String normalize(String json) {
    return json.replaceAll("\"timeMs\" : \\d+", "\"timeMs\" : 0")
        .replace(server.url("/").toString(), "https://registry.test/");
  }

  static String golden(String name) throws IOException {
    try (InputStream in = JsonOutputTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void assertGolden(String name, String actual) throws IOException {
    if (System.getenv("UPDATE_GOLDEN") != null) {
      Files.writeString(Path.of("src/test/resources/golden/" + name), actual);
    }
    assertEquals(golden(name), actual);
  }

  @Test
  void fetchThenUpToDateThenFromTheCache() throws Exception {
    CliRunner.Result first = cli.run("fetch", "--json", "--no-progress");
    assertEquals(0, first.exit(), first.all());
    assertGolden("fetch.json", normalize(first.out()));
    assertTrue(first.err().contains("2 sources (2 fetched"), "the summary goes to stderr: " + first.err());
    Canary.assertAbsent("fetch --json", first.all(), Canary.forms(token));

    JsonNode again = JSON.readTree(cli.run("fetch", "--json").out());
    assertEquals("up-to-date", again.at("/sources/0/status").asText());
    assertEquals(0, again.at("/sources/0/downloads").asInt());

    deleteTree(project.resolve("vendor"));
    JsonNode cached = JSON.readTree(cli.run("fetch", "--json").out());
    assertEquals("fetched", cached.at("/sources/0/status").asText());
    assertTrue(cached.at("/sources/0/cacheHit").asBoolean(), cached.toString());
    assertEquals(0, cached.at("/sources/0/downloads").asInt());
    assertEquals(1, cached.at("/sources/0/cacheHits").asInt());
  }

  @Test
  void failedFetchStillPrintsOneDocument() throws Exception {
    denyAll.set(true);
    CliRunner.Result r = cli.run("fetch", "--json", "--no-progress");
    assertEquals(3, r.exit(), r.all());
    JsonNode doc = JSON.readTree(r.out());
    assertFalse(doc.get("ok").asBoolean());
    assertEquals(3, doc.get("exitCode").asInt());
    assertEquals("failed", doc.at("/sources/0/status").asText());
    assertTrue(doc.get("error").asText().contains("401"), doc.toString());
    assertTrue(r.err().contains("error:"), "the human error stays on stderr");
    Canary.assertAbsent("fetch --json failure", r.all(), Canary.forms(token));
  }

  @Test
  void verifyReportsMismatches() throws Exception {
    assertEquals(0, cli.run("fetch").exit());
    CliRunner.Result ok = cli.run("verify", "--json");
    assertEquals(0, ok.exit(), ok.all());
    assertGolden("verify.json", ok.out());

    Files.writeString(project.resolve("vendor/files/model/v3.bin"), "tampered");
    Files.writeString(project.resolve("vendor/files/model/extra.txt"), "new");
    CliRunner.Result bad = cli.run("verify", "--json");
    assertEquals(1, bad.exit());
    JsonNode doc = JSON.readTree(bad.out());
    assertFalse(doc.get("ok").asBoolean());
    assertEquals("files/model/v3.bin", doc.at("/changed/0").asText());
    assertEquals("files/model/extra.txt", doc.at("/extra/0").asText());

    Files.delete(project.resolve("fetch.lock"));
    CliRunner.Result none = cli.run("verify", "--json");
    assertEquals(1, none.exit());
    assertTrue(JSON.readTree(none.out()).get("error").asText().contains("no fetch.lock"));
  }

  static void deleteTree(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
