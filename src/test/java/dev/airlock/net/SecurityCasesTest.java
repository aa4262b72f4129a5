package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.FetchException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SecretRef;
import dev.airlock.testing.Canary;
import dev.airlock.testing.TestTls;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases (docs/security-cases.md) of the foundation that had no test of their own at the transport: 7 (netrc
 * {@code default} never for a redirect target), 19 (https to http on the same host), 32 (what
 * {@code -v} logs for a request), 62 (extra CAs are added to the JDK's), 64 (plain http with
 * credentials is refused before any name lookup or connection).
 */
class SecurityCasesTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path tmp;
  MockWebServer a;
  MockWebServer b;
  TlsConfig tls;
  final String password = Canary.next("netrc-default");
  final String token = Canary.next("token");
  final List<String> debug = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    a = TLS.httpsServer();
    b = TLS.httpsServer();
    tls = TlsConfig.withExtraCas(List.of(TLS.writeCa(tmp)));
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  HttpTransport transport(OkHttpClient client) {
    return new HttpTransport(client, RetryPolicy.NONE, debug::add);
  }

  RequestAuth resolve(CredentialSpec spec, HttpUrl url, Path netrc) {
    Manifest m = new Manifest(tmp.resolve("fetch.yaml"), 1, tmp.resolve("vendor"), List.of(),
        Map.of(spec.id(), spec), List.of(), DockerSpec.DEFAULTS);
    Environment env = new Environment(Map.of("TOK", token), tmp, tmp);
    return new CredentialResolver(m, env, new SecretRegistry(), Optional.ofNullable(netrc), w -> {})
        .forSource(CredentialRef.named(spec.id()), url);
  }

  /** Case 7: {@code default} may answer for the source's own host, never for where it redirects. */
  @Test
  void case7_netrcDefaultIsNeverUsedForARedirectTarget() throws Exception {
    Path netrc = tmp.resolve("netrc");
    Files.writeString(netrc, "default login anon password " + password + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    HttpUrl start = a.url("/f");
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Location", b.url("/f").toString()).build());
    b.enqueue(new MockResponse.Builder().body("x").build());
    RequestAuth auth = resolve(new CredentialSpec.Netrc("corp", Optional.empty(), true), start, netrc);
    transport(HttpTransport.defaultClient(tls)).download("src", start, auth, tmp.resolve("o"), ProgressSink.NONE);
    assertTrue(a.takeRequest().getHeaders().get("Authorization").startsWith("Basic "), "default used for the source's host");
    assertNull(b.takeRequest().getHeaders().get("Authorization"), "default used for the redirect target");
  }

  /** Case 19, same host: https://A to http://A is a downgrade too and is not followed. */
  @Test
  void case19_downgradeToPlainHttpOnTheSameHostIsNotFollowed() throws Exception {
    HttpUrl start = a.url("/f");
    HttpUrl plain = start.newBuilder().scheme("http").build();
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Location", plain.toString()).build());
    RequestAuth auth = resolve(new CredentialSpec.Token("t", new SecretRef.Env("TOK"), Optional.empty()), start, null);
    FetchException e = assertThrows(FetchException.class, () -> transport(HttpTransport.defaultClient(tls))
        .download("src", start, auth, tmp.resolve("o"), ProgressSink.NONE));
    assertTrue(e.getMessage().contains("plain http"), e.getMessage());
    assertEquals(1, a.getRequestCount());
  }

  /**
   * Case 32: what the transport logs at {@code -v} for a credentialed request that is redirected
   * with tokens in the query and a cookie set: URLs without query or user-info, which credential
   * (by id) went where, never a header value. (The console scrubs known secrets again on top.)
   */
  @Test
  void case32_debugLinesNameCredentialsButShowNoValueNorQuery() throws Exception {
    String queryToken = Canary.next("query");
    String cookie = Canary.next("cookie");
    HttpUrl start = a.url("/f?private_token=" + queryToken);
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Set-Cookie", "sid=" + cookie)
        .addHeader("Location", b.url("/g?X-Amz-Signature=" + queryToken).toString()).build());
    b.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    b.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    RequestAuth auth = resolve(new CredentialSpec.Token("corp-token", new SecretRef.Env("TOK"),
        Optional.of("PRIVATE-TOKEN")), start, null);
    HttpTransport http = transport(HttpTransport.defaultClient(tls));
    FetchException e = assertThrows(FetchException.class,
        () -> http.download("src", start, auth, tmp.resolve("o"), ProgressSink.NONE));
    String log = String.join("\n", debug) + "\n" + e.getMessage();
    assertTrue(log.contains("with credentials: corp-token"), log);
    List<String> forms = new ArrayList<>(Canary.forms(token));
    forms.addAll(Canary.forms(queryToken));
    forms.addAll(Canary.forms(cookie));
    Canary.assertAbsent("debug log", log, forms);
    assertNull(b.takeRequest().getHeaders().get("Cookie"), "cookie carried to the other origin");
  }

  /** Case 62: --ca-cert adds to the JDK's CAs (a public host still verifies); an unrelated CA does not help. */
  @Test
  void case62_extraCasAreAddedToTheJdksAndAnUnrelatedOneDoesNotHelp() throws Exception {
    Set<String> jdk = issuers(TlsConfig.withExtraCas(List.of()));
    Set<String> withExtra = issuers(tls);
    assertTrue(jdk.size() > 10, "the JDK's CAs: " + jdk.size());
    assertTrue(withExtra.containsAll(jdk), "JDK CAs dropped when an extra CA was given");
    assertEquals(jdk.size() + 1, withExtra.size());

    HeldCertificate unrelated = new HeldCertificate.Builder().certificateAuthority(0).commonName("unrelated CA").build();
    Path unrelatedPem = Files.writeString(tmp.resolve("unrelated.pem"), unrelated.certificatePem());
    HttpTransport http = transport(HttpTransport.defaultClient(TlsConfig.withExtraCas(List.of(unrelatedPem))));
    a.enqueue(new MockResponse.Builder().body("x").build());
    FetchException e = assertThrows(FetchException.class,
        () -> http.download("src", a.url("/f"), RequestAuth.NONE, tmp.resolve("o"), ProgressSink.NONE));
    assertTrue(e.getMessage().contains("TLS failure"), e.getMessage());
    assertEquals(0, a.getRequestCount());
  }

  static Set<String> issuers(TlsConfig tls) {
    return List.of(tls.trustManager().getAcceptedIssuers()).stream()
        .map(X509Certificate::getSubjectX500Principal).map(Object::toString).collect(Collectors.toSet());
  }

  /**
   * Case 64: plain http to a non-loopback host with credentials configured is refused before the
   * host name is even looked up, so before any TCP connection.
   */
  @Test
  void case64_plainHttpWithCredentialsIsRefusedBeforeAnyLookup() {
    List<String> lookups = new CopyOnWriteArrayList<>();
    OkHttpClient recording = HttpTransport.defaultClient(tls).newBuilder().dns(host -> {
      lookups.add(host);
      throw new UnknownHostException(host);
    }).build();
    HttpUrl url = HttpUrl.get("http://registry.example/pkg.tgz");
    RequestAuth auth = resolve(new CredentialSpec.Token("t", new SecretRef.Env("TOK"), Optional.empty()), url, null);
    FetchException e = assertThrows(FetchException.class,
        () -> transport(recording).download("src", url, auth, tmp.resolve("o"), ProgressSink.NONE));
    assertTrue(e.getMessage().contains("plain http"), e.getMessage());
    assertEquals(List.of(), lookups, "a name was looked up");
    // Without credentials the same URL is attempted (and here fails at the lookup).
    assertThrows(FetchException.class,
        () -> transport(recording).download("src", url, RequestAuth.NONE, tmp.resolve("o"), ProgressSink.NONE));
    assertEquals(List.of("registry.example"), lookups);
  }
}
