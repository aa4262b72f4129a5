package dev.airlock.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RemoteCache} against a MockWebServer on loopback: the protocol, and answers never trusted. */
class RemoteCacheTest {
  static final byte[] CONTENT = "cached bytes".getBytes(StandardCharsets.UTF_8);
  static final String SHA = sha256(CONTENT);
  @TempDir Path tmp;
  MockWebServer server;
  RemoteCache cache;

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start();
    HttpTransport http = new HttpTransport(HttpTransport.defaultClient(TlsConfig.withExtraCas(List.of()),
        Duration.ofSeconds(1), Duration.ofSeconds(1)), RetryPolicy.NONE, m -> { });
    cache = new RemoteCache(server.url("/bazel/"), RequestAuth.NONE, http, true);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hitIsVerifiedAndUsesTheCasPath() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(CONTENT)).build());
    Path target = tmp.resolve("f");
    assertTrue(cache.get(SHA, target).hit());
    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/bazel/cas/" + SHA, r.getUrl().encodedPath());
    assertEquals("cached bytes", Files.readString(target));
  }

  @Test
  void missIsNotAProblem() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    RemoteCache.Lookup l = cache.get(SHA, tmp.resolve("f"));
    assertFalse(l.hit());
    assertTrue(l.problem().isEmpty());
    assertFalse(Files.exists(tmp.resolve("f")));
  }

  @Test
  void otherContentIsRefusedAndRemoved() {
    server.enqueue(new MockResponse.Builder().body("something else").build());
    RemoteCache.Lookup l = cache.get(SHA, tmp.resolve("f"));
    assertFalse(l.hit());
    assertTrue(l.problem().orElseThrow().contains("other content"), l.problem().get());
    assertFalse(Files.exists(tmp.resolve("f")));
  }

  @Test
  void slowCacheTimesOutAsAProblemNotAFailure() {
    server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(CONTENT)).headersDelay(3, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    RemoteCache.Lookup l = cache.get(SHA, tmp.resolve("f"));
    assertFalse(l.hit());
    assertTrue(l.problem().orElseThrow().contains("within the timeout"), l.problem().get());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
    assertFalse(Files.exists(tmp.resolve("f")));
  }

  @Test
  void serverErrorIsAProblem() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    RemoteCache.Lookup l = cache.get(SHA, tmp.resolve("f"));
    assertFalse(l.hit());
    assertTrue(l.problem().orElseThrow().contains("500"), l.problem().get());
  }

  @Test
  void headAndPut() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().code(201).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().code(403).build());
    Path f = Files.write(tmp.resolve("f"), CONTENT);
    assertFalse(cache.has(SHA));
    cache.put(SHA, f);
    assertTrue(cache.has(SHA));
    assertThrows(FetchException.class, () -> cache.put(SHA, f));
    assertEquals("HEAD", server.takeRequest().getMethod());
    RecordedRequest put = server.takeRequest();
    assertEquals("PUT", put.getMethod());
    assertEquals("/bazel/cas/" + SHA, put.getUrl().encodedPath());
    assertEquals("cached bytes", put.getBody().utf8());
  }

  @Test
  void baseWithoutTrailingSlash() {
    RemoteCache c = new RemoteCache(HttpUrl.get("https://cache.example/prefix"), RequestAuth.NONE, null, false);
    assertEquals("https://cache.example/prefix/cas/" + SHA, c.cas(SHA).toString());
  }

  @Test
  void redirectOnPutIsNotFollowed() {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "https://elsewhere.example/x").build());
    assertThrows(FetchException.class, () -> cache.put(SHA, Path.of("pom.xml").toAbsolutePath()));
    assertEquals(1, server.getRequestCount());
  }
}
