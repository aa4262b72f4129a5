package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .airlockignore}: stable fingerprints across runs and formats, reasons, and what can never be accepted. */
class ScanAcceptTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path project;
  @TempDir Path home;
  final String token = Canary.next("known");
  final String other = Canary.next("netrcpw");
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        vendor: vendor
        credentials:
          art: { token: { env: ART_TOKEN } }
        sources: []
        """);
    Files.createDirectories(project.resolve("vendor/files/cfg"));
    Files.writeString(project.resolve("vendor/files/cfg/.netrc"), "machine h login u password " + other + "\n");
    cli = new CliRunner(project, home).env("ART_TOKEN", token);
  }

  private static List<String> fingerprints(String json) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(json).path("findings").forEach(f -> out.add(f.path("fingerprint").asText()));
    return out;
  }

  @Test
  void theSameFindingHasTheSameFingerprintOnEveryRunAndInEveryFormat() throws Exception {
    CliRunner.Result json1 = cli.run("scan", "--format", "json");
    CliRunner.Result json2 = cli.run("scan", "--format", "json");
    assertEquals(1, json1.exit(), json1.all());
    List<String> ids = fingerprints(json1.out());
    assertEquals(1, ids.size(), json1.out());
    assertTrue(ids.get(0).matches("fp:[0-9a-f]{16}"), ids.toString());
    assertEquals(ids, fingerprints(json2.out()));
    JsonNode f1 = JSON.readTree(json1.out()).path("findings").get(0);
    JsonNode f2 = JSON.readTree(json2.out()).path("findings").get(0);
    assertEquals(f1.path("subject").asText(), f2.path("subject").asText(), "the value's name is stable too");
    CliRunner.Result text = cli.run("scan");
    assertTrue(text.out().contains(ids.get(0)), text.out());
    CliRunner.Result sarif = cli.run("scan", "--format", "sarif");
    JsonNode result = JSON.readTree(sarif.out()).path("runs").get(0).path("results").get(0);
    assertEquals(ids.get(0), result.path("partialFingerprints").path("airlockFinding/v1").asText());
    Canary.assertAbsent("output", json1.all() + text.all() + sarif.all(), Canary.forms(other, "u"));
  }

  @Test
  void anAcceptedFindingStaysAcceptedAcrossRunsAndFormats() throws Exception {
    String id = fingerprints(cli.run("scan", "--format", "json").out()).get(0);
    Files.writeString(project.resolve(".airlockignore"), "# reviewed\n" + id + "  a test fixture, not a live password\n");
    for (int run = 0; run < 2; run++) {
      CliRunner.Result text = cli.run("scan");
      assertEquals(0, text.exit(), text.all());
      assertTrue(text.out().contains("accepted (reviewed, not failing the scan):"), text.out());
      assertTrue(text.out().contains("a test fixture, not a live password"), text.out());
      CliRunner.Result json = cli.run("scan", "--format", "json");
      assertEquals(0, json.exit(), json.all());
      JsonNode root = JSON.readTree(json.out());
      assertEquals(0, root.path("findings").size());
      assertEquals(id, root.path("accepted").get(0).path("fingerprint").asText());
      CliRunner.Result sarif = cli.run("scan", "--format", "sarif");
      assertEquals(0, sarif.exit(), sarif.all());
      JsonNode r = JSON.readTree(sarif.out()).path("runs").get(0).path("results").get(0);
      assertEquals("accepted", r.path("suppressions").get(0).path("status").asText());
      assertEquals(id, r.path("partialFingerprints").path("airlockFinding/v1").asText());
    }
  }

  @Test
  void aRuleAndAPathAcceptToo() throws Exception {
    Files.writeString(project.resolve(".airlockignore"), "credential-file/netrc  vendor/files/cfg  reviewed\n");
    assertEquals(0, cli.run("scan").exit());
    Files.writeString(project.resolve(".airlockignore"), "credential-file/netrc  other/**  reviewed\n");
    assertEquals(1, cli.run("scan").exit());
  }

  @Test
  void aKnownCredentialIsNeverAccepted() throws Exception {
    Files.writeString(project.resolve("vendor/files/cfg/leak.txt"), "t=" + token + "\n");
    CliRunner.Result first = cli.run("scan", "--format", "json");
    List<String> ids = fingerprints(first.out());
    StringBuilder all = new StringBuilder();
    ids.forEach(i -> all.append(i).append("  accept everything\n"));
    Files.writeString(project.resolve(".airlockignore"), all.toString());
    CliRunner.Result r = cli.run("scan");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.out().contains("known-secret"), r.out());
    assertTrue(r.err().contains("holds a credential the manifest names"), r.err());
    Files.writeString(project.resolve(".airlockignore"), "known-secret  **  please\n");
    CliRunner.Result refused = cli.run("scan");
    assertEquals(2, refused.exit(), refused.all());
    assertTrue(refused.err().contains(".airlockignore:1: known-secret can never be accepted"), refused.err());
    Canary.assertAbsent("output", first.all() + r.all() + refused.all(), Canary.forms(token));
  }

  @Test
  void anEntryWithoutAReasonIsAUsageError() throws Exception {
    Files.writeString(project.resolve(".airlockignore"), "fp:0123456789abcdef\n");
    CliRunner.Result r = cli.run("scan");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains(".airlockignore:1: give the reason"), r.err());
  }

  @Test
  void quietPrintsOnlyTheFindings() {
    CliRunner.Result r = cli.run("scan", "-q");
    assertEquals(1, r.exit(), r.all());
    assertFalse(r.out().contains("coverage:"), r.out());
    assertTrue(r.out().contains("credential-file/netrc"), r.out());
    Matcher m = Pattern.compile("scanning").matcher(r.all());
    assertFalse(m.find(), r.all());
  }
}
