package dev.airlock.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Serves the demo artifacts behind two realms: {@code /basic/…} wants HTTP Basic with the netrc
 * login, {@code /bearer/…} wants {@code Authorization: Bearer <token>}. Anything else is 404.
 * A missing or wrong credential gets 401 and a challenge; the response never echoes what was sent.
 */
final class DemoDispatcher extends Dispatcher {
  private final Map<String, byte[]> files;
  private final Map<String, String> types;
  private final byte[] expectedBasic;
  private final byte[] expectedBearer;

  /** {@code types}: content type by path (index pages, packuments); others are octet-stream. */
  DemoDispatcher(Map<String, byte[]> files, Map<String, String> types, String login, String password, String token) {
    this.files = Map.copyOf(files);
    this.types = Map.copyOf(types);
    String userPass = login + ":" + password;
    this.expectedBasic = ("Basic " + Base64.getEncoder()
        .encodeToString(userPass.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    this.expectedBearer = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String authorization = request.getHeaders().get("Authorization");
    if (path.startsWith("/basic/")) {
      return authorized(authorization, expectedBasic)
          ? file(request, path.substring("/basic/".length()))
          : challenge("Basic realm=\"demo\"");
    }
    if (path.startsWith("/bearer/")) {
      return authorized(authorization, expectedBearer)
          ? file(request, path.substring("/bearer/".length()))
          : challenge("Bearer realm=\"demo\"");
    }
    return status(404, "not found\n");
  }

  /** Constant-time comparison, as a real registry would do it. */
  private static boolean authorized(String header, byte[] expected) {
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
  }

  private MockResponse file(RecordedRequest request, String name) {
    byte[] content = files.get(name);
    if (content == null) {
      return status(404, "not found\n");
    }
    if (!"GET".equals(request.getMethod())) {
      return status(405, "method not allowed\n");
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", types.getOrDefault(name, "application/octet-stream"))
        .body(new Buffer().write(content))
        .build();
  }

  private static MockResponse challenge(String wwwAuthenticate) {
    return new MockResponse.Builder()
        .code(401)
        .setHeader("WWW-Authenticate", wwwAuthenticate)
        .setHeader("Content-Type", "text/plain")
        .body("authentication required\n")
        .build();
  }

  private static MockResponse status(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "text/plain")
        .body(body)
        .build();
  }
}
