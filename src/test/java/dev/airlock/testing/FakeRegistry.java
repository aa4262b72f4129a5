package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * An HTTPS registry for backend tests: responses by exact request target (the raw path as sent,
 * e.g. {@code /@corp%2fui-kit}), optionally behind one required {@code Authorization} value, with
 * every request recorded. Unknown paths are 404.
 */
public final class FakeRegistry implements AutoCloseable {
  private final MockWebServer server;
  private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private volatile String requiredAuthorization;
  private volatile Dispatcher fallback;
  private final String hostName;

  /** {@code hostName}: {@code 127.0.0.1} or {@code localhost} (two origins the test CA covers). */
  public FakeRegistry(TestTls tls, String hostName) throws IOException {
    this.hostName = hostName;
    server = new MockWebServer();
    server.useHttps(tls.serverCerts.sslSocketFactory());
    server.start(java.net.InetAddress.getByName(hostName), 0);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        synchronized (requests) {
          requests.add(r);
        }
        String auth = requiredAuthorization;
        if (auth != null && !auth.equals(r.getHeaders().get("Authorization"))) {
          return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"x\"").build();
        }
        MockResponse resp = routes.get(r.getTarget());
        if (resp == null && fallback != null) {
          return fallback.dispatch(r);
        }
        return resp != null ? resp : new MockResponse.Builder().code(404).body("not found").build();
      }
    });
  }

  /** Requests must carry exactly this Authorization header (null: anything goes). */
  public FakeRegistry requireAuthorization(String value) {
    requiredAuthorization = value;
    return this;
  }

  /** Targets without a route go to {@code d} (e.g. a git smart-HTTP server), after the authorization check. */
  public FakeRegistry fallback(Dispatcher d) {
    fallback = d;
    return this;
  }

  public FakeRegistry put(String target, String contentType, byte[] body) {
    routes.put(target, new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
        .body(new Buffer().write(body)).build());
    return this;
  }

  public FakeRegistry put(String target, String contentType, String body) {
    return put(target, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code target} answers 302 to {@code location}. */
  public FakeRegistry redirect(String target, String location) {
    routes.put(target, new MockResponse.Builder().code(302).setHeader("Location", location).build());
    return this;
  }

  public FakeRegistry remove(String target) {
    routes.remove(target);
    return this;
  }

  /** {@code https://HOST:PORT} + path. */
  public String url(String path) {
    return "https://" + hostName + ":" + server.getPort() + path;
  }

  public String hostName() {
    return hostName;
  }

  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<String> targets() {
    return requests().stream().map(RecordedRequest::getTarget).toList();
  }

  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
