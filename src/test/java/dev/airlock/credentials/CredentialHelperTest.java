package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.testing.Canary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git credential protocol against script helpers: success, timeout, garbage, scoping. */
class CredentialHelperTest {
  @TempDir Path dir;
  final String password = Canary.next("helper");
  final SecretRegistry registry = new SecretRegistry();

  Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/bash\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** Records its arguments and stdin, then answers. */
  Path recordingHelper() throws IOException {
    return script("helper", "echo \"args: $*\" >> " + dir.resolve("calls") + "\n"
        + "while IFS= read -r line && [ -n \"$line\" ]; do echo \"$line\" >> " + dir.resolve("calls") + "; done\n"
        + "printf 'username=ci-bot\\npassword=%s\\n' '" + password + "'\n");
  }

  CredentialResolver resolver(CredentialSpec spec) {
    Manifest m = new Manifest(dir.resolve("fetch.yaml"), 1, dir.resolve("vendor"), List.of(),
        Map.of(spec.id(), spec), List.of(), DockerSpec.DEFAULTS);
    Environment env = new Environment(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), dir, dir);
    return new CredentialResolver(m, env, registry, Optional.empty(), w -> {});
  }

  static CredentialSpec.Helper helper(Path prog, int seconds, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(prog.toString()));
    cmd.addAll(List.of(args));
    return new CredentialSpec.Helper("vault", cmd, Duration.ofSeconds(seconds));
  }

  @Test
  void answersForTheSourcesOwnOriginOnly() throws Exception {
    HttpUrl url = HttpUrl.get("https://art.example:8443/models/v3.bin?x=1");
    RequestAuth auth = resolver(helper(recordingHelper(), 10, "--store", "ci")).forSource(CredentialRef.named("vault"), url);
    String expected = "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + password).getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, auth.headersFor(url, true).get("Authorization").reveal());
    assertEquals(expected, auth.headersFor(HttpUrl.get("https://art.example:8443/other"), false).get("Authorization").reveal());
    assertTrue(auth.headersFor(HttpUrl.get("https://cdn.example/models/v3.bin"), false).isEmpty(), "other host");
    assertTrue(auth.headersFor(HttpUrl.get("https://art.example/models/v3.bin"), false).isEmpty(), "other port");
    assertEquals("args: --store ci get\nprotocol=https\nhost=art.example:8443\npath=models/v3.bin\n",
        Files.readString(dir.resolve("calls")));
    assertEquals("****", registry.scrub(password), "the answer is registered for scrubbing");
    assertFalse(auth.describe().contains(password));
  }

  @Test
  void timesOutWithoutHanging() throws Exception {
    Path slow = script("slow", "sleep 30\n");
    long t0 = System.nanoTime();
    UsageException e = assertThrows(UsageException.class, () -> resolver(helper(slow, 1))
        .forSource(CredentialRef.named("vault"), HttpUrl.get("https://a.example/f")));
    assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
  }

  @Test
  void garbageOutputIsRefusedWithoutBeingRepeated() throws Exception {
    Path bad = script("bad", "echo 'this is " + password + " not the protocol'\n");
    UsageException e = assertThrows(UsageException.class, () -> resolver(helper(bad, 5))
        .forSource(CredentialRef.named("vault"), HttpUrl.get("https://a.example/f")));
    assertTrue(e.getMessage().contains("not key=value"), e.getMessage());
    assertFalse(e.getMessage().contains(password));
  }

  @Test
  void missingPasswordFailureStatusAndQuitAreRefused() throws Exception {
    for (String body : List.of("echo username=u\n", "exit 3\n", "echo quit=1\n",
        "printf 'username=u\\npassword=a\\x01b\\n'\n")) {
      Path h = script("h" + body.hashCode(), body);
      assertThrows(UsageException.class, () -> resolver(helper(h, 5))
          .forSource(CredentialRef.named("vault"), HttpUrl.get("https://a.example/f")), body);
    }
  }

  @Test
  void aNewlineInThePathCannotInjectKeys() {
    assertThrows(FetchException.class,
        () -> CredentialHelper.request("x", HttpUrl.get("https://a.example/x%0Ahost=evil.example")));
  }

  /** CVE-2024-50338: a helper reading universal newlines takes a bare CR as a line end. */
  @Test
  void anyControlCharacterInTheUrlIsRefusedBeforeTheHelperRuns() throws Exception {
    Path helper = recordingHelper();
    for (String c : List.of("%0d", "%0D", "%00", "%09", "%1b", "%1f", "%7f", "%0a")) {
      HttpUrl url = HttpUrl.get("https://a.example/x" + c + "host=evil.example" + c + "x=/f.txt");
      FetchException e = assertThrows(FetchException.class,
          () -> resolver(helper(helper, 10)).forSource(CredentialRef.named("vault"), url), c);
      assertTrue(e.getMessage().contains("credential 'vault'") && e.getMessage().contains("control character"),
          e.getMessage());
      assertFalse(e.getMessage().contains("evil.example"), "the value is not repeated: " + e.getMessage());
      assertFalse(Files.exists(dir.resolve("calls")), "the helper never ran for " + c);
    }
  }

  @Test
  void programNotOnPathIsAUsageError() {
    CredentialSpec.Helper h = new CredentialSpec.Helper("vault", List.of("no-such-helper-xyz"), Duration.ofSeconds(5));
    UsageException e = assertThrows(UsageException.class,
        () -> resolver(h).forSource(CredentialRef.named("vault"), HttpUrl.get("https://a.example/f")));
    assertTrue(e.getMessage().contains("not found on PATH"), e.getMessage());
  }

  @Test
  void netrcDefaultEntryOnlyWithDefaultTrueAndNeverAfterARedirect() throws Exception {
    Path netrc = dir.resolve("netrc");
    Files.writeString(netrc, "default login anon password " + password + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    HttpUrl url = HttpUrl.get("https://unknown.example/f");
    CredentialResolver plain = resolver(new CredentialSpec.Netrc("corp", Optional.of(netrc), false));
    assertTrue(plain.forSource(CredentialRef.named("corp"), url).headersFor(url, true).isEmpty());
    CredentialResolver withDefault = resolver(new CredentialSpec.Netrc("corp", Optional.of(netrc), true));
    RequestAuth auth = withDefault.forSource(CredentialRef.named("corp"), url);
    assertEquals(1, auth.headersFor(url, true).size());
    assertTrue(auth.headersFor(url, false).isEmpty(), "a redirect target never gets the default entry");
  }
}
