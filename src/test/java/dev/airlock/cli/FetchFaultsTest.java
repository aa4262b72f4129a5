package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import dev.airlock.testing.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during {@code airlock fetch}, through the CLI: a fault worth retrying is retried and the
 * run succeeds; one that is not (or that outlasts the retries) exits 3 and leaves the vendor dir,
 * the lock and {@code .airlock/} exactly as the previous good run left them.
 */
@Timeout(20)
class FetchFaultsTest {
  static final TestTls TLS = new TestTls();
  static final byte[] V1 = bytes(1, 50_000);
  static final byte[] V2 = bytes(2, 200_000);
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  CliRunner cli;

  static byte[] bytes(int seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    TLS.writeCa(project);
    cli = new CliRunner(project, home);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  void manifest(String url, byte[] expected) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\ntls: { caCerts: [ca.pem] }\nsources:\n"
        + "  - { name: model, credentials: none, http: { url: '" + url + "', sha256: " + sha(expected) + " } }\n");
  }

  static MockResponse ok(byte[] body) {
    return new MockResponse.Builder().body(new Buffer().write(body)).build();
  }

  static MockResponse reset(byte[] body) {
    return new MockResponse.Builder().body(new Buffer().write(body))
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  static MockResponse truncated(byte[] body) {
    return new MockResponse.Builder().body(new Buffer().write(Arrays.copyOf(body, body.length / 3)))
        .setHeader("Content-Length", body.length).onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).addHeader("Retry-After", "0").body("try later").build();
  }

  /** A first good run (v1 vendored and locked); returns the snapshot of vendor, lock and .airlock. */
  Map<String, String> goodFirstRun() throws Exception {
    server.enqueue(ok(V1));
    manifest(server.url("/v1/model.bin").toString(), V1);
    CliRunner.Result r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    return snapshot();
  }

  Map<String, String> snapshot() throws Exception {
    return TreeSnapshot.of(project.resolve("vendor"), project.resolve("fetch.lock"), project.resolve(".airlock"));
  }

  /** Exit 3 with the message; vendor, lock and .airlock as before; no staging or partial file anywhere. */
  void assertFailedCleanly(CliRunner.Result r, Map<String, String> before, String message) throws Exception {
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains(message), r.err());
    assertTrue(r.err().contains("nothing was changed"), r.err());
    assertFalse(r.all().contains("\tat "), "stack trace: " + r.all());
    assertEquals(before, snapshot());
    assertTrue(Arrays.equals(V1, Files.readAllBytes(project.resolve("vendor/files/model/model.bin"))), "v1 is still vendored");
  }

  void assertV2Vendored(CliRunner.Result r) throws Exception {
    assertEquals(0, r.exit(), r.all());
    assertTrue(Arrays.equals(V2, Files.readAllBytes(project.resolve("vendor/files/model/model.bin"))));
    assertEquals(0, cli.run("verify").exit());
  }

  @Test
  void resetMidBodyIsRetriedAndTheRunSucceeds() throws Exception {
    goodFirstRun();
    server.enqueue(reset(V2));
    server.enqueue(ok(V2));
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertV2Vendored(cli.run("fetch"));
  }

  @Test
  void resetOnEveryAttemptExits3AndKeepsThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    for (int i = 0; i < 4; i++) {
      server.enqueue(reset(V2));
    }
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertFailedCleanly(cli.run("fetch"), before, "gave up after 4 attempts");
  }

  @Test
  void truncatedBodyIsRetriedAndTheRunSucceeds() throws Exception {
    goodFirstRun();
    server.enqueue(truncated(V2));
    server.enqueue(ok(V2));
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertV2Vendored(cli.run("fetch"));
  }

  @Test
  void truncatedOnEveryAttemptExits3AndKeepsThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    for (int i = 0; i < 4; i++) {
      server.enqueue(truncated(V2));
    }
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertFailedCleanly(cli.run("fetch"), before, "model:");
  }

  @Test
  void serverErrorsThenSuccess() throws Exception {
    goodFirstRun();
    server.enqueue(status(500));
    server.enqueue(status(502));
    server.enqueue(status(503));
    server.enqueue(ok(V2));
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertV2Vendored(cli.run("fetch"));
  }

  @Test
  void rateLimitedThenSuccess() throws Exception {
    goodFirstRun();
    server.enqueue(status(429));
    server.enqueue(ok(V2));
    manifest(server.url("/v2/model.bin").toString(), V2);
    CliRunner.Result r = cli.run("fetch", "-v");
    assertV2Vendored(r);
    assertTrue(r.err().contains("HTTP 429") && r.err().contains("retrying in 0 ms"), r.err());
  }

  @Test
  void serverErrorsPastTheRetriesExit3AndKeepThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
        return status(503);
      }
    });
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertFailedCleanly(cli.run("fetch"), before, "HTTP 503");
    // 1 + 3 retries of ours; OkHttp itself repeats a 503 with "Retry-After: 0" once more each time.
    assertTrue(server.getRequestCount() >= 5, "requests: " + server.getRequestCount());
  }

  @Test
  void dnsFailureExits3AndKeepsThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    manifest("https://nonexistent.invalid/model.bin", V2);
    assertFailedCleanly(cli.run("fetch"), before, "unknown host nonexistent.invalid");
  }

  @Test
  void untrustedCertificateExits3WithoutARequestAndKeepsThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    server.enqueue(ok(V2));
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources:\n" // no tls.caCerts
        + "  - { name: model, credentials: none, http: { url: '" + server.url("/v2/model.bin") + "', sha256: " + sha(V2) + " } }\n");
    int requests = server.getRequestCount();
    assertFailedCleanly(cli.run("fetch"), before, "TLS failure");
    assertEquals(requests, server.getRequestCount(), "a request went over an unverified connection");
  }

  /** Several sources, one of them failing: none is placed, not even those that downloaded fine. */
  @Test
  void oneFailingSourceOfSeveralPlacesNothing() throws Exception {
    Map<String, String> before = goodFirstRun();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
        return r.getUrl().encodedPath().startsWith("/good/") ? ok(V2) : status(500);
      }
    });
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\ntls: { caCerts: [ca.pem] }\nsources:\n"
        + "  - { name: model, credentials: none, http: { url: '" + server.url("/bad/model.bin") + "', sha256: " + sha(V2) + " } }\n"
        + "  - { name: other, credentials: none, http: { url: '" + server.url("/good/other.bin") + "' } }\n");
    assertFailedCleanly(cli.run("fetch"), before, "HTTP 500");
    assertFalse(Files.exists(project.resolve("vendor/files/other")));
  }

  /** A cache that cannot be written (here: a file where the folder should be) costs nothing but speed. */
  @Test
  void anUnwritableCacheIsNotFatal() throws Exception {
    Path notADir = home.resolve("cache-is-a-file");
    Files.writeString(notADir, "x");
    cli.env("AIRLOCK_CACHE", notADir.toString());
    server.enqueue(ok(V2));
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertV2Vendored(cli.run("fetch"));
    assertEquals("x", Files.readString(notADir));
  }

  /** The lock file's folder entry for the next run's staging: no litter after a failure either. */
  @Test
  void noStagingLitterAfterAFailure() throws Exception {
    goodFirstRun();
    for (int i = 0; i < 4; i++) {
      server.enqueue(reset(V2));
    }
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertEquals(3, cli.run("fetch").exit());
    try (var s = Files.list(project.resolve(".airlock"))) {
      assertEquals(List.of("lock", "state", "up-to-date"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /**
   * A server that stops sending: the read timeout (60 s in the CLI; 300 ms here, through the same
   * FetchService the CLI runs) ends each attempt, and after the retries the run fails cleanly.
   */
  @Test
  void stalledServerTimesOutExits3AndKeepsThePreviousState() throws Exception {
    Map<String, String> before = goodFirstRun();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
        return new MockResponse.Builder().body(new Buffer().write(V2))
            .throttleBody(V2.length / 2, 5, TimeUnit.SECONDS).build();
      }
    });
    manifest(server.url("/v2/model.bin").toString(), V2);
    var env = new dev.airlock.common.Environment(Map.of("HOME", home.toString()), home, project);
    var manifest = dev.airlock.manifest.ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", env);
    var secrets = new dev.airlock.credentials.SecretRegistry();
    var http = new dev.airlock.net.HttpTransport(dev.airlock.net.HttpTransport.defaultClient(
        dev.airlock.net.TlsConfig.withExtraCas(manifest.caCerts()), java.time.Duration.ofSeconds(2),
        java.time.Duration.ofMillis(300)), new dev.airlock.net.RetryPolicy(2, java.time.Duration.ofMillis(10),
        java.time.Duration.ofMillis(10)), m -> {});
    var service = new dev.airlock.fetch.FetchService(
        new dev.airlock.fetch.FetcherRegistry().register(new dev.airlock.fetch.http.HttpFetcher()), http,
        new dev.airlock.credentials.CredentialResolver(manifest, env, secrets, java.util.Optional.empty(), w -> {}),
        new dev.airlock.cache.ContentCache(home.resolve("cache")), List.of(), dev.airlock.fetch.FetchListener.NONE);
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.airlock.error.AirlockException.class,
        () -> service.fetch(manifest, dev.airlock.fetch.FetchOptions.defaults()));
    assertEquals(3, e.exitCode());
    assertTrue(e.getMessage().contains("stalled") && e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertEquals(before, snapshot());
    http.close();
  }

  @Test
  void slowButSteadyServerIsNotATimeout() throws Exception {
    goodFirstRun();
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(V2))
        .throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS).build());
    manifest(server.url("/v2/model.bin").toString(), V2);
    assertV2Vendored(cli.run("fetch"));
  }
}
