package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.Fixtures;
import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock scan} end to end in-process: verdicts, formats, exit codes, and no value ever printed. */
class ScanCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path project;
  @TempDir Path home;
  final String token = Canary.next("token") + "+/=";
  final String password = Canary.next("basic");
  final String netrcPassword = Canary.next("netrc");
  CliRunner cli;
  List<String> forms;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        vendor: vendor
        credentials:
          art: { token: { env: ART_TOKEN } }
          gh: { basic: { username: x-access-token, passwordEnv: GH_PASSWORD } }
          corp: { netrc: {} }
        sources:
          - { name: model, credentials: art, http: { url: "https://artifacts.corp.example/m.bin" } }
        """);
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine pypi.corp.example login ci password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(project.resolve("vendor/files/model"));
    Files.writeString(project.resolve("vendor/files/model/m.bin"), "model bytes");
    cli = new CliRunner(project, home).env("ART_TOKEN", token).env("GH_PASSWORD", password);
    forms = new ArrayList<>(Canary.forms(token));
    forms.addAll(Canary.forms(password, "x-access-token"));
    forms.addAll(Canary.forms(netrcPassword, "ci"));
  }

  private void plant() throws Exception {
    Files.createDirectories(project.resolve("vendor/files/model/node_modules/x"));
    Files.writeString(project.resolve("vendor/files/model/node_modules/x/leak.js"), "const t = '" + token + "';\n");
    Files.write(project.resolve("vendor/files/model/cfg.tar.gz"), Fixtures.gzip(Fixtures.tar(
        Fixtures.Entry.file("etc/auth", "Authorization: Basic " + Base64.getEncoder().encodeToString(
            Fixtures.utf8("x-access-token:" + password))),
        Fixtures.Entry.file("root/.netrc", "machine pypi.corp.example login ci password " + netrcPassword + "\n"))));
  }

  @Test
  void cleanVendorPassesWithCoverage() {
    CliRunner.Result r = cli.run("scan");
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.out().contains("clean: no credential found"), r.out());
    assertTrue(r.out().contains("scanned    credential art"), r.out());
    assertTrue(r.out().contains("scanned    credential netrc:pypi.corp.example"), r.out());
  }

  @Test
  void findsEveryPlantedCredentialAndNeverPrintsOne() throws Exception {
    plant();
    CliRunner.Result text = cli.run("scan", "vendor");
    assertEquals(1, text.exit(), text.all());
    assertTrue(text.out().contains("vendor/files/model/node_modules/x/leak.js:1  [art; found as raw; fp:"), text.out());
    assertTrue(text.out().contains("vendor/files/model/cfg.tar.gz!/etc/auth:1  [gh; found as base64; fp:"), text.out());
    assertTrue(text.out().contains("vendor/files/model/cfg.tar.gz!/root/.netrc:1  [netrc:pypi.corp.example"), text.out());
    assertTrue(text.out().contains("fix: "), text.out());
    Canary.assertAbsent("text", text.all(), forms);
    for (String format : List.of("json", "sarif")) {
      CliRunner.Result r = cli.run("scan", "vendor", "--format", format);
      assertEquals(1, r.exit(), r.all());
      Canary.assertAbsent(format, r.all(), forms);
      JSON.readTree(r.out());
    }
    CliRunner.Result v = cli.run("scan", "vendor", "-v");
    Canary.assertAbsent("-v", v.all(), forms);
  }

  @Test
  void jsonReport() throws Exception {
    plant();
    JsonNode j = JSON.readTree(cli.run("scan", "vendor", "--format", "json").out());
    assertFalse(j.path("clean").asBoolean());
    Set<String> rules = new java.util.TreeSet<>();
    j.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    assertEquals(Set.of("known-secret", "credential-file/netrc", "pattern/authorization-header"), rules);
    j.path("findings").forEach(f -> {
      assertFalse(f.path("location").path("display").asText().isEmpty());
      assertFalse(f.path("fix").asText().isEmpty());
    });
  }

  @Test
  void sarifIsStructurallyValid() throws Exception {
    plant();
    Path out = project.resolve("scan.sarif");
    CliRunner.Result r = cli.run("scan", "vendor", "--format", "sarif", "-o", "scan.sarif");
    assertEquals(1, r.exit(), r.all());
    assertFalse(r.out().contains("\"runs\""), "report went to the file, not stdout");
    String text = Files.readString(out);
    Canary.assertAbsent("sarif file", text, forms);
    JsonNode s = JSON.readTree(text);
    assertEquals("2.1.0", s.path("version").asText());
    assertTrue(s.path("$schema").asText().contains("sarif"));
    assertEquals(1, s.path("runs").size());
    JsonNode run = s.path("runs").get(0);
    JsonNode driver = run.path("tool").path("driver");
    assertEquals("airlock", driver.path("name").asText());
    JsonNode rules = driver.path("rules");
    assertTrue(rules.size() > 10);
    rules.forEach(rule -> {
      assertFalse(rule.path("id").asText().isEmpty());
      assertFalse(rule.path("shortDescription").path("text").asText().isEmpty());
    });
    JsonNode results = run.path("results");
    assertTrue(results.size() >= 3);
    for (JsonNode res : results) {
      String id = res.path("ruleId").asText();
      assertEquals(id, rules.get(res.path("ruleIndex").asInt()).path("id").asText());
      assertTrue(Set.of("none", "note", "warning", "error").contains(res.path("level").asText()));
      assertFalse(res.path("message").path("text").asText().isEmpty());
      JsonNode loc = res.path("locations").get(0).path("physicalLocation");
      assertFalse(loc.path("artifactLocation").path("uri").asText().isEmpty());
      assertFalse(loc.path("artifactLocation").path("uri").asText().contains(" "));
      if (loc.has("region")) {
        assertTrue(loc.path("region").path("startLine").asInt() >= 1);
      }
    }
    assertTrue(run.path("invocations").get(0).path("executionSuccessful").isBoolean());
  }

  @Test
  void shortCredentialsCannotBeProvenAbsent() {
    CliRunner c = new CliRunner(project, home).env("ART_TOKEN", "abc12").env("GH_PASSWORD", password);
    CliRunner.Result r = c.run("scan", "vendor");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.out().contains("known-secret/too-short"), r.out());
    assertFalse(r.all().contains("abc12"));
    CliRunner.Result allowed = c.run("scan", "vendor", "--allow-short");
    assertEquals(0, allowed.exit(), allowed.all());
    assertTrue(allowed.out().contains("--allow-short"), allowed.out());
  }

  @Test
  void usageErrorsAndMissingValues() throws Exception {
    assertEquals(2, cli.run("scan", "nope").exit());
    assertEquals(2, cli.run("scan", "vendor", "--format", "xml").exit());
    assertEquals(2, cli.run("scan", "--image-archive", "missing.tar").exit());
    assertEquals(2, cli.run("scan", "--dockerfile", "vendor").exit());
    assertEquals(2, cli.run("scan", "--image", "--oops").exit());
    Files.writeString(project.resolve("not-an-image.tar"), "plain text");
    CliRunner.Result notImage = cli.run("scan", "--image-archive", "not-an-image.tar");
    assertEquals(1, notImage.exit(), notImage.all());
    assertTrue(notImage.out().contains("coverage/"), notImage.out());
    Path empty = Files.createTempDirectory(home, "cwd");
    assertEquals(2, new CliRunner(empty, home).run("scan").exit(), "no input and no manifest");
    CliRunner.Result noManifest = new CliRunner(empty, home).run("scan", project.resolve("vendor").toString());
    assertEquals(0, noManifest.exit(), noManifest.all());
    CliRunner.Result missingEnv = new CliRunner(project, home).env("ART_TOKEN", token).run("scan", "vendor");
    assertEquals(0, missingEnv.exit(), missingEnv.all());
    assertTrue(missingEnv.err().contains("GH_PASSWORD is not set"), missingEnv.err());
  }

  @Test
  void sshKeysAndPassphrasesAreKnownSecretsToo() throws Exception {
    String pem = dev.airlock.testing.Pem.privateKey();
    Path key = home.resolve("deploy_key");
    Files.writeString(key, pem);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    String passphrase = Canary.next("pass");
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml")).replace(
        "  corp: { netrc: {} }\n", "  corp: { netrc: {} }\n  deploy: { ssh: { key: " + key + ", passphraseEnv: KEY_PASS } }\n"));
    Files.writeString(project.resolve("vendor/files/model/copied_key"), pem.replace("\n", "\r\n"));
    Files.writeString(project.resolve("vendor/files/model/notes.txt"), "pass=" + passphrase);
    CliRunner.Result r = cli.env("KEY_PASS", passphrase).run("scan", "vendor", "--format", "json");
    assertEquals(1, r.exit(), r.all());
    List<String> got = new ArrayList<>();
    JSON.readTree(r.out()).path("findings").forEach(f -> got.add(f.path("rule").asText() + " "
        + f.path("subject").asText() + " " + f.path("location").path("display").asText()));
    assertTrue(got.contains("known-secret deploy vendor/files/model/copied_key:2"), got.toString());
    assertTrue(got.contains("known-secret deploy vendor/files/model/notes.txt:1"), got.toString());
    Canary.assertAbsent("output", r.all(), Canary.forms(passphrase));
    for (String line : pem.split("\n")) {
      if (!line.startsWith("-----")) {
        assertFalse(r.all().contains(line), "a key line was printed");
      }
    }
  }

  @Test
  void dockerfileContextAndImageArchive() throws Exception {
    Files.writeString(project.resolve("Dockerfile"), "FROM alpine\nARG NPM_TOKEN\nCOPY vendor/ /opt/vendor/\n"
        + "RUN npm ci --//registry.npmjs.org/:_authToken=$NPM_TOKEN\n");
    Files.writeString(project.resolve(".dockerignore"), ".airlock\n**/.netrc\n!keep/.netrc\n");
    Files.createDirectories(project.resolve("keep"));
    Files.writeString(project.resolve("keep/.netrc"), "machine h login u password sent-to-the-builder\n");
    Files.createDirectories(project.resolve("other"));
    Files.writeString(project.resolve("other/.netrc"), "machine h login u password ignored-by-docker\n");
    Files.write(project.resolve("image.tar"), Fixtures.tar(Fixtures.Entry.file("manifest.json", "[]")));
    CliRunner.Result r = cli.run("scan", "--dockerfile", "Dockerfile", "--context", ".", "--format", "json");
    assertEquals(1, r.exit(), r.all());
    JsonNode j = JSON.readTree(r.out());
    List<String> got = new ArrayList<>();
    j.path("findings").forEach(f -> got.add(f.path("rule").asText() + " " + f.path("location").path("display").asText()));
    assertTrue(got.contains("dockerfile/secret-arg Dockerfile:2"), got.toString());
    assertTrue(got.contains("credential-file/netrc keep/.netrc:1"), got.toString());
    assertFalse(got.toString().contains("other/.netrc"), got.toString());
    CliRunner.Result img = cli.run("scan", "--image-archive", "image.tar");
    assertEquals(1, img.exit(), img.all());
    assertTrue(img.out().contains("coverage/partial"), img.out());
  }
}
