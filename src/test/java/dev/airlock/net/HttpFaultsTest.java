package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.testing.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during a download, against {@link HttpTransport} directly: what is retried, what fails at
 * once, and that a failed download never leaves a file behind.
 */
@Timeout(30)
class HttpFaultsTest {
  static final TestTls TLS = new TestTls();
  static final byte[] PAYLOAD = payload(300_000);
  @TempDir Path tmp;
  MockWebServer server;
  TlsConfig tls;
  Path target;

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    tls = TlsConfig.withExtraCas(List.of(TLS.writeCa(tmp)));
    target = tmp.resolve("staging/out.bin");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static byte[] payload(int n) {
    byte[] b = new byte[n];
    new Random(8).nextBytes(b);
    return b;
  }

  HttpTransport transport(int retries, Duration readTimeout) {
    return new HttpTransport(HttpTransport.defaultClient(tls, Duration.ofSeconds(2), readTimeout),
        new RetryPolicy(retries, Duration.ofMillis(1), Duration.ofSeconds(5)), m -> {});
  }

  Download get(HttpTransport http) {
    return http.download("src", server.url("/big.bin"), RequestAuth.NONE, target, ProgressSink.NONE);
  }

  static MockResponse ok() {
    return new MockResponse.Builder().body(new Buffer().write(PAYLOAD)).build();
  }

  /** The body breaks off half-way: the server shuts the connection down. */
  static MockResponse resetMidBody() {
    return new MockResponse.Builder().body(new Buffer().write(PAYLOAD))
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  void assertPayload(Download d) throws IOException {
    assertEquals(PAYLOAD.length, d.size());
    assertTrue(Arrays.equals(PAYLOAD, Files.readAllBytes(target)), "downloaded bytes differ");
    assertEquals(TreeHasherSha.of(PAYLOAD), d.sha256());
  }

  void assertNoFileLeft() throws IOException {
    assertFalse(Files.exists(target), "a partial file was left at " + target);
    if (Files.isDirectory(target.getParent())) {
      try (var s = Files.list(target.getParent())) {
        assertEquals(List.of(), s.toList());
      }
    }
  }

  @Test
  void connectionResetMidBodyIsRetried() throws Exception {
    server.enqueue(resetMidBody());
    server.enqueue(ok());
    assertPayload(get(transport(2, Duration.ofSeconds(5))));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void connectionResetEveryTimeFailsAndLeavesNoFile() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(resetMidBody());
    }
    FetchException e = assertThrows(FetchException.class, () -> get(transport(2, Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertEquals(3, server.getRequestCount());
    assertNoFileLeft();
  }

  @Test
  void truncatedBodyWithContentLengthIsRetried() throws Exception {
    server.enqueue(truncated());
    server.enqueue(ok());
    assertPayload(get(transport(2, Duration.ofSeconds(5))));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void truncatedBodyEveryTimeFailsAndLeavesNoFile() throws Exception {
    server.enqueue(truncated());
    server.enqueue(truncated());
    FetchException e = assertThrows(FetchException.class, () -> get(transport(1, Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
    assertNoFileLeft();
  }

  /** Content-Length promises the whole payload; the server sends half and closes. */
  static MockResponse truncated() {
    byte[] half = Arrays.copyOf(PAYLOAD, PAYLOAD.length / 2);
    return new MockResponse.Builder().body(new Buffer().write(half))
        .setHeader("Content-Length", PAYLOAD.length)
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  @Test
  void stalledBodyTimesOutAndIsRetried() throws Exception {
    // Half the body, then nothing for longer than the read timeout.
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(PAYLOAD))
        .throttleBody(PAYLOAD.length / 2, 3, TimeUnit.SECONDS).build());
    server.enqueue(ok());
    long start = System.nanoTime();
    assertPayload(get(transport(1, Duration.ofMillis(500))));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2900, "waited for the stalled server");
  }

  @Test
  void stalledHeadersTimeOutAndIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(PAYLOAD)).headersDelay(3, TimeUnit.SECONDS).build());
    server.enqueue(ok());
    assertPayload(get(transport(1, Duration.ofMillis(500))));
  }

  @Test
  void stalledEveryTimeFailsWithAClearMessageAndLeavesNoFile() throws Exception {
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().body(new Buffer().write(PAYLOAD))
          .throttleBody(PAYLOAD.length / 2, 3, TimeUnit.SECONDS).build());
    }
    FetchException e = assertThrows(FetchException.class, () -> get(transport(1, Duration.ofMillis(400))));
    assertTrue(e.getMessage().contains("stalled"), e.getMessage());
    assertNoFileLeft();
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedThenSucceed() throws Exception {
    for (int code : new int[] {500, 502, 503, 429}) {
      server.enqueue(new MockResponse.Builder().code(code).addHeader("Retry-After", "0").body("busy").build());
    }
    server.enqueue(ok());
    assertPayload(get(transport(4, Duration.ofSeconds(5))));
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
    server.enqueue(ok());
    long start = System.nanoTime();
    assertPayload(get(transport(1, Duration.ofSeconds(5))));
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(waited >= 950, "waited only " + waited + " ms");
  }

  @Test
  void serverErrorsPastTheBudgetFailAndLeaveNoFile() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(502).addHeader("Retry-After", "0").build());
    }
    FetchException e = assertThrows(FetchException.class, () -> get(transport(2, Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("HTTP 502") && e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertNoFileLeft();
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    FetchException e = assertThrows(FetchException.class, () -> get(transport(3, Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void dnsFailureFailsAtOnce() throws Exception {
    HttpTransport http = transport(3, Duration.ofSeconds(5));
    HttpUrl url = HttpUrl.get("https://nonexistent.invalid/file.bin");
    FetchException e = assertThrows(FetchException.class,
        () -> http.download("src", url, RequestAuth.NONE, target, ProgressSink.NONE));
    assertTrue(e.getMessage().contains("unknown host nonexistent.invalid"), e.getMessage());
    assertNoFileLeft();
  }

  @Test
  void connectionRefusedIsRetriedThenFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> debug = new java.util.ArrayList<>();
    HttpTransport http = new HttpTransport(HttpTransport.defaultClient(tls, Duration.ofSeconds(2), Duration.ofSeconds(2)),
        new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)), debug::add);
    HttpUrl url = HttpUrl.get("https://127.0.0.1:" + port + "/f");
    FetchException e = assertThrows(FetchException.class,
        () -> http.download("src", url, RequestAuth.NONE, target, ProgressSink.NONE));
    assertTrue(e.getMessage().contains("cannot connect") && e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertEquals(2, debug.stream().filter(m -> m.contains("retrying")).count(), debug.toString());
  }

  /** Case 63/65: a certificate for another name: no retry, no request, nothing written. */
  @Test
  void certificateForAnotherHostFailsWithoutRetry() throws Exception {
    var other = new okhttp3.tls.HeldCertificate.Builder().signedBy(TLS.ca).commonName("other.example")
        .addSubjectAlternativeName("other.example").build();
    try (MockWebServer wrongName = new MockWebServer()) {
      wrongName.useHttps(new okhttp3.tls.HandshakeCertificates.Builder()
          .heldCertificate(other, TLS.ca.certificate()).build().sslSocketFactory());
      wrongName.start();
      wrongName.enqueue(ok());
      HttpTransport http = transport(3, Duration.ofSeconds(5));
      HttpUrl url = wrongName.url("/f");
      FetchException e = assertThrows(FetchException.class,
          () -> http.download("src", url, RequestAuth.NONE, target, ProgressSink.NONE));
      assertTrue(e.getMessage().contains("TLS failure") || e.getMessage().contains("not verified"), e.getMessage());
      assertEquals(0, wrongName.getRequestCount(), "a request was sent over an unverified connection");
      assertNoFileLeft();
    }
  }

  /**
   * Case 65: a handshake that fails (the server speaks plain HTTP on the https port): one
   * connection, no retry, and never a second attempt over plain http.
   */
  @Test
  void handshakeFailureIsNotRetriedNorDowngraded() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!plain.isClosed()) {
          try (Socket s = plain.accept()) {
            connections.incrementAndGet();
            InputStream in = s.getInputStream();
            in.read(new byte[1024]);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
          } catch (IOException ignored) {
            // closed
          }
        }
      });
      t.setDaemon(true);
      t.start();
      HttpTransport http = transport(3, Duration.ofSeconds(5));
      HttpUrl url = HttpUrl.get("https://127.0.0.1:" + plain.getLocalPort() + "/f");
      FetchException e = assertThrows(FetchException.class,
          () -> http.download("src", url, RequestAuth.NONE, target, ProgressSink.NONE));
      assertTrue(e.getMessage().contains("TLS failure"), e.getMessage());
      assertEquals(1, connections.get(), "connections made");
      assertNoFileLeft();
    }
  }

  /** The local disk refuses the file: not retried (another attempt would fail the same way). */
  @Test
  void localWriteFailureIsNotRetried() throws Exception {
    server.enqueue(ok());
    server.enqueue(ok());
    Files.createDirectories(target.getParent());
    Files.writeString(tmp.resolve("staging/blocker"), "a file where a folder should be");
    Path impossible = tmp.resolve("staging/blocker/out.bin");
    HttpTransport http = transport(3, Duration.ofSeconds(5));
    FetchException e = assertThrows(FetchException.class,
        () -> http.download("src", server.url("/big.bin"), RequestAuth.NONE, impossible, ProgressSink.NONE));
    assertTrue(e.getMessage().contains("cannot write out.bin"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void abortStopsATransferAndEveryRetry() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(PAYLOAD))
        .throttleBody(16 * 1024, 200, TimeUnit.MILLISECONDS).build());
    List<String> debug = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpTransport http = new HttpTransport(HttpTransport.defaultClient(tls, Duration.ofSeconds(2), Duration.ofSeconds(5)),
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5)), debug::add);
    Thread stopper = new Thread(() -> {
      try {
        Thread.sleep(400);
      } catch (InterruptedException ignored) {
        return;
      }
      http.abort();
    });
    stopper.start();
    long start = System.nanoTime();
    FetchException e = assertThrows(FetchException.class, () -> get(http));
    assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "abort was not prompt");
    assertEquals(List.of(), debug.stream().filter(m -> m.contains("retrying")).toList(), "retried after the abort");
    assertNoFileLeft();
  }

  /** sha256 hex of bytes, as the transport computes it. */
  static final class TreeHasherSha {
    static String of(byte[] b) throws IOException {
      return java.util.HexFormat.of().formatHex(BodySink.sha256().digest(b));
    }
  }
}
