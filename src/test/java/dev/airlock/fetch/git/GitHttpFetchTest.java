package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.HttpGitDispatcher;
import dev.airlock.testing.TestRepo.Entry;
import dev.airlock.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** git over HTTPS against JGit's UploadPack behind MockWebServer (smart HTTP, protocol v0). */
class GitHttpFetchTest extends GitFixture {
  static final TestTls TLS = new TestTls();
  final String token = Canary.next("gittoken");
  MockWebServer server;
  HttpGitDispatcher git;

  @BeforeEach
  void setUp() throws Exception {
    createRepo();
    git = new HttpGitDispatcher(repo.repo, r -> basic("x-access-token", token).equals(r.getHeaders().get("Authorization")));
    server = TLS.httpsServer();
    server.setDispatcher(git);
    TLS.writeCa(project);
    cli.env("GIT_TOKEN", token);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  String url() {
    return server.url("/r.git").toString();
  }

  void httpsManifest(String url, String ref) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          gh: { basic: { username: x-access-token, passwordEnv: GIT_TOKEN } }
        sources:
          - name: repo
            credentials: gh
            git: { url: "%s", ref: %s }
        """.formatted(url, ref));
  }

  @Test
  void fetchesWithATokenAsBasicPassword() throws Exception {
    httpsManifest(url(), "v1");
    CliRunner.Result r = cli.run("fetch", "-v");
    assertOk(r);
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
    assertFalse(Files.exists(vendor("repo").resolve(".git")));
    assertTrue(lock().contains("commit: " + c1.name()));
    assertTrue(lock().contains("url: " + url()), lock());
    Canary.assertAbsent("output", r.all(), Canary.forms(token, "x-access-token"));
    Canary.assertAbsentInTree(project, Canary.forms(token, "x-access-token"));
    Canary.assertAbsentInTree(home, Canary.forms(token, "x-access-token"));
  }

  @Test
  void aBlobHoldingTheRunsTokenIsFoundBeforeAnythingIsPlaced() throws Exception {
    var leak = repo.commit(tree("README.md", Entry.file("hello\n"), "conf/ci.env", Entry.file("TOKEN=" + token + "\n"),
        "docs/link", Entry.symlink("../conf/ci.env")));
    repo.tag("leaky", leak);
    httpsManifest(url(), "leaky");
    CliRunner.Result r = cli.run("fetch");
    assertExit(1, r);
    assertTrue(r.err().contains("found in fetched content: git/repo/conf/ci.env"), r.err());
    assertFalse(Files.exists(project.resolve("vendor")));
    Canary.assertAbsent("output", r.all(), Canary.forms(token, "x-access-token"));
  }

  @Test
  void aBearerTokenWorksToo() throws Exception {
    git = new HttpGitDispatcher(repo.repo, r -> ("Bearer " + token).equals(r.getHeaders().get("Authorization")));
    server.setDispatcher(git);
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          t: { token: { env: GIT_TOKEN } }
        sources:
          - name: repo
            credentials: t
            git: { url: "%s", ref: main }
        """.formatted(url()));
    assertOk(cli.run("fetch"));
  }

  @Test
  void wrongCredentialsFailWithExit3AndNoPrompt() throws Exception {
    httpsManifest(url(), "v1");
    CliRunner.Result r = cli.env("GIT_TOKEN", "wrong-" + token).run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("authentication"), r.err());
    assertFalse(Files.exists(project.resolve("vendor")));
  }

  @Test
  void case26_aRedirectToAnotherOriginCarriesNoCredentials() throws Exception {
    try (MockWebServer other = TLS.httpsServer()) {
      HttpGitDispatcher otherGit = new HttpGitDispatcher(repo.repo, r -> false); // B always answers 401
      other.setDispatcher(otherGit);
      git.redirectTo = other.url("/r.git").toString().replace("localhost", "127.0.0.1");
      // A and B differ by port (and B is written as 127.0.0.1): different origins
      httpsManifest(url(), "v1");
      CliRunner.Result r = cli.run("fetch", "-v");
      assertExit(3, r);
      assertFalse(otherGit.requests.isEmpty(), "the redirect was not followed: nothing was tested");
      for (RecordedRequest req : otherGit.requests) {
        assertNull(req.getHeaders().get("Authorization"), "B got credentials");
        Canary.assertAbsent("B's request headers", req.getHeaders().toString(), Canary.forms(token, "x-access-token"));
      }
      Canary.assertAbsent("output", r.all(), Canary.forms(token, "x-access-token"));
    }
  }

  @Test
  void case28_anUntrustedCertificateFailsWithoutPromptOrConfigChange() throws Exception {
    HeldCertificate selfSigned = new HeldCertificate.Builder().commonName("localhost")
        .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
    try (MockWebServer untrusted = new MockWebServer()) {
      untrusted.useHttps(new HandshakeCertificates.Builder().heldCertificate(selfSigned).build().sslSocketFactory());
      untrusted.setDispatcher(git);
      untrusted.start();
      httpsManifest(untrusted.url("/r.git").toString(), "v1");
      CliRunner.Result r = cli.run("fetch");
      assertExit(3, r);
      assertTrue(r.err().contains("TLS") || r.err().contains("certificate"), r.err());
      assertEquals(0, git.requests.size(), "a request got through");
      assertNoSslVerifyAnywhere();
    }
  }

  @Test
  void case29_credentialsInTheUrlAreRefusedAndNeverShown() throws Exception {
    String tok = Canary.next("urltoken");
    for (String url : new String[] {
        "git+https://user:" + tok + "@127.0.0.1:" + server.getPort() + "/r.git",
        "https://user:" + tok + "@127.0.0.1:" + server.getPort() + "/r.git",
        "https://" + tok + "@127.0.0.1:" + server.getPort() + "/r.git"}) {
      httpsManifest(url, "v1");
      CliRunner.Result r = cli.run("fetch", "-v");
      assertExit(2, r);
      assertTrue(r.err().contains("credentials in URLs are not allowed"), r.err());
      assertTrue(r.err().contains("fetch.yaml:"), r.err());
      Canary.assertAbsent("output", r.all(), Canary.forms(tok));
    }
    assertEquals(0, git.requests.size());
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    Canary.assertAbsentInTree(home, Canary.forms(tok));
    Canary.assertAbsentInTree(project.resolve(".airlock"), Canary.forms(tok));
  }

  @Test
  void case31_cleartextHttpWithCredentialsIsRefusedBeforeConnecting() throws Exception {
    String tok = Canary.next("cleartext");
    try (MockWebServer plain = new MockWebServer()) {
      plain.setDispatcher(git);
      plain.start();
      httpsManifest("http://user:" + tok + "@" + plain.getHostName() + ":" + plain.getPort() + "/r.git", "v1");
      CliRunner.Result r = cli.run("fetch");
      assertExit(2, r);
      Canary.assertAbsent("output", r.all(), Canary.forms(tok));
      assertEquals(0, plain.getRequestCount());
      // without user-info, http to a non-loopback host is refused too
      httpsManifest("http://git.example.org/r.git", "v1");
      r = cli.run("fetch");
      assertExit(2, r);
      assertTrue(r.err().contains("must be https"), r.err());
    }
  }

  @Test
  void aServerThatOnlyServesTipsStillGivesAPinnedNonTipCommit() throws Exception {
    var c2 = repo.commit(tree("README.md", Entry_file("two\n")), c1);
    repo.branch("main", c2);
    httpsManifest(url(), "main");
    assertOk(cli.run("fetch"));
    assertTrue(lock().contains("commit: " + c2.name()));
    // the lock now pins c2; main moves on to c3 and the server serves advertised tips only
    var c3 = repo.commit(tree("README.md", Entry_file("three\n")), c2);
    repo.branch("main", c3);
    git.tipsOnly = true;
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor"));
    dropCache();
    CliRunner.Result r = cli.run("fetch", "-v");
    assertOk(r);
    assertEquals("two\n", Files.readString(vendor("repo").resolve("README.md")));
    assertTrue(r.err().contains("does not serve"), r.err());
  }

  @Test
  void round3_aServersErrLineIsPrintedWithItsControlCharactersEscaped() throws Exception {
    String hostile = "ERR \u001b]0;owned\u0007\u001b[2J\r\nerror: forged line\u009b31m\u202etxt.exe";
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder()
            .setHeader("Content-Type", "application/x-git-upload-pack-advertisement")
            .body(pkt("# service=git-upload-pack\n") + "0000" + pkt(hostile)).build();
      }
    });
    httpsManifest(url(), "v1");
    for (String json : new String[] {"", "--json"}) {
      CliRunner.Result r = json.isEmpty() ? cli.run("fetch") : cli.run("fetch", json);
      assertEquals(3, r.exit(), r.all());
      assertTrue(r.all().contains("owned"), r.all());
      for (char c : new char[] {0x1b, 0x07, 0x9b, 0x202e, '\r'}) {
        assertFalse(r.all().indexOf(c) >= 0, "raw U+" + Integer.toHexString(c) + " in: " + r.all());
      }
      assertFalse(r.all().contains("\nerror: forged"), r.all());
    }
  }

  private static String pkt(String payload) {
    return "%04x".formatted(payload.getBytes(StandardCharsets.UTF_8).length + 4) + payload;
  }

  private static dev.airlock.testing.TestRepo.Entry Entry_file(String s) {
    return dev.airlock.testing.TestRepo.Entry.file(s);
  }

  private void assertNoSslVerifyAnywhere() throws Exception {
    for (Path root : new Path[] {home, project}) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (Files.isRegularFile(p) && Files.size(p) < 1_000_000) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertFalse(text.toLowerCase().contains("sslverify"), "sslVerify written to " + p);
          }
        }
      }
    }
  }
}
