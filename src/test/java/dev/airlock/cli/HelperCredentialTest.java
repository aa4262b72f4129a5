package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helper:} credentials through the CLI: asked for the source's origin only, never for a redirect target. */
class HelperCredentialTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer a;
  MockWebServer b;
  final String password = Canary.next("helper");

  @BeforeEach
  void setUp() throws Exception {
    a = TLS.httpsServer();
    b = TLS.httpsServer();
    TLS.writeCa(project);
    Path helper = project.resolve("bin/helper");
    Files.createDirectories(helper.getParent());
    Files.writeString(helper, "#!/bin/bash\n"
        + "while IFS= read -r line && [ -n \"$line\" ]; do echo \"$line\" >> \"$HOME/calls\"; done\n"
        + "printf 'username=bot\\npassword=%s\\n' '" + password + "'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  CliRunner.Result fetch(String url) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          vault: { helper: { command: [./bin/helper], timeoutSeconds: 10 } }
        sources:
          - name: model
            credentials: vault
            http: { url: "%s" }
        """.formatted(url));
    return new CliRunner(project, home).env("PATH", System.getenv("PATH")).run("fetch", "--no-progress");
  }

  @Test
  void sendsTheAnswerToTheOriginAndNothingElsewhere() throws Exception {
    String expected = "Basic " + Base64.getEncoder().encodeToString(("bot:" + password).getBytes(StandardCharsets.UTF_8));
    // B is another origin (127.0.0.1 vs localhost, other port); A redirects there
    String target = b.url("/blob").newBuilder().host("127.0.0.1").build().toString();
    a.enqueue(new MockResponse.Builder().code(302).addHeader("Location", target).build());
    b.enqueue(new MockResponse.Builder().code(200).body("model").build());
    CliRunner.Result r = fetch(a.url("/models/v3.bin").newBuilder().host("localhost").build().toString());
    assertEquals(0, r.exit(), r.all());
    RecordedRequest atA = a.takeRequest();
    assertEquals(expected, atA.getHeaders().get("Authorization"));
    RecordedRequest atB = b.takeRequest();
    assertNull(atB.getHeaders().get("Authorization"), "the redirect target gets no credential");
    assertEquals(List.of("protocol=https", "host=localhost:" + a.getPort(), "path=models/v3.bin"),
        Files.readAllLines(home.resolve("calls")), "the helper is asked once, for the source's own origin");
    List<String> forms = Canary.forms(password, "bot");
    Canary.assertAbsent("output", r.all(), forms);
    Canary.assertAbsent("lock", Files.readString(project.resolve("fetch.lock")), forms);
    Canary.assertAbsentInTree(project.resolve("vendor"), forms);
    Canary.assertAbsentInTree(project.resolve(".airlock"), forms);
  }

  @Test
  void fetchedContentHoldingTheHelpersAnswerIsNotPlaced() throws Exception {
    a.enqueue(new MockResponse.Builder().code(200).body("config: password=" + password + "\n").build());
    CliRunner.Result r = fetch(a.url("/models/v3.bin").newBuilder().host("localhost").build().toString());
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("found in fetched content"), r.err());
    assertTrue(!Files.exists(project.resolve("vendor")) && !Files.exists(project.resolve("fetch.lock")), r.all());
    Canary.assertAbsent("output", r.all(), Canary.forms(password, "bot"));
  }

  @Test
  void aCarriageReturnInTheUrlIsRefusedInTheManifestAndTheHelperNeverRuns() throws Exception {
    String url = a.url("/x%0dhost=evil.example%0dx=/f.txt").toString();
    CliRunner.Result r = fetch(url);
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:") && r.err().contains("percent-encoded control character"), r.err());
    assertTrue(!r.err().contains("evil.example") && !r.err().contains("Exception"), r.err());
    assertTrue(!Files.exists(home.resolve("calls")), "the helper never ran");
    assertEquals(0, a.getRequestCount());
    Canary.assertAbsent("output", r.all(), Canary.forms(password, "bot"));
  }

  @Test
  void aHelperFailureIsAConfigurationError() throws Exception {
    Files.writeString(project.resolve("bin/helper"), "#!/bin/bash\necho nope >&2\nexit 1\n");
    CliRunner.Result r = fetch(a.url("/x").toString());
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("helper exited with status 1"), r.err());
    assertEquals(0, a.getRequestCount(), "no request is made without the credential");
  }
}
