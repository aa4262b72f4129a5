package dev.airlock.scan.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential-file tier: each file type with a value, and the same files with placeholders. */
class CredentialFilesTest {
  @TempDir Path temp;

  private ScanResult check(String path, String content) {
    return check(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private ScanResult check(String path, byte[] content) {
    ScanResult r = new ScanResult();
    ScanContext ctx = new ScanContext(Needles.compile(List.of(), List.of()), new Fingerprinter(), r,
        ScanLimits.DEFAULT, temp, true);
    CredentialFiles.check(path, content, Location.of(path), ctx);
    return r;
  }

  private void assertFinding(Rule rule, long line, String path, String content) {
    ScanResult r = check(path, content);
    assertEquals(1, r.findings().size(), path + ": " + r.findings());
    assertEquals(rule, r.findings().get(0).rule());
    assertEquals(line, r.findings().get(0).location().line(), path);
  }

  private void assertQuiet(String path, String content) {
    ScanResult r = check(path, content);
    assertTrue(r.clean(), path + ": " + r.findings());
  }

  @Test
  void positives() {
    assertFinding(Rule.NETRC_FILE, 3, "root/.netrc", "machine a\nlogin u\npassword s3cr3t-value\n");
    assertFinding(Rule.NETRC_FILE, 1, "_netrc", "machine a login u password \"quoted value\"");
    assertFinding(Rule.NPMRC_FILE, 2, "app/.npmrc", "registry=https://r/\n//r/:_authToken=abcdef123456\n");
    assertFinding(Rule.NPMRC_FILE, 1, ".npmrc", "_auth = dXNlcjpwYXNz");
    assertFinding(Rule.NPMRC_FILE, 1, ".npmrc", "//r/:_password=cGFzc3dvcmQx");
    assertFinding(Rule.PYPIRC_FILE, 3, ".pypirc", "[pypi]\nusername = __token__\npassword = pypi-abc123\n");
    assertFinding(Rule.PIP_CONF_FILE, 2, "etc/pip.conf", "[global]\nindex-url = https://u:p4ss@pypi.corp/simple\n");
    assertFinding(Rule.MAVEN_SETTINGS_FILE, 4, ".m2/settings.xml",
        "<settings><servers>\n<server>\n<id>corp</id>\n<password>plainpass1</password></server></servers></settings>");
    assertFinding(Rule.GIT_CREDENTIALS_FILE, 1, "root/.git-credentials", "https://u:ghtoken123@github.com\n");
    assertFinding(Rule.GIT_CONFIG_FILE, 2, "src/.git/config", "[remote \"origin\"]\n\turl = https://x:tok123@h/r.git\n");
    assertFinding(Rule.GIT_CONFIG_FILE, 2, "src/.git/config",
        "[http \"https://h/\"]\n\textraheader = AUTHORIZATION: basic eDp0b2tlbjEyMw==\n");
    assertFinding(Rule.DOCKER_CONFIG_FILE, 1, "root/.docker/config.json",
        "{\"auths\":{\"registry.corp\":{\"auth\":\"dXNlcjpwYXNzd29yZDE=\"}}}");
    assertFinding(Rule.PRIVATE_KEY_FILE, 1, "certs/client.p12", "binary");
    byte[] der = new byte[200];
    der[0] = 0x30;
    der[1] = (byte) 0x82;
    ScanResult r = check("keys/server.key", der);
    assertEquals(List.of(Rule.PRIVATE_KEY_FILE), r.findings().stream().map(Finding::rule).toList());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CredentialFilesTest.class.getResourceAsStream("/scan/maven/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void stockMavenSettingsWithExamplePasswordsInCommentsAreClean() throws IOException {
    for (String f : List.of("apache-maven-3.9.9-settings.xml", "debian-maven-3.8.7-settings.xml")) {
      ScanResult r = check("usr/share/maven/conf/settings.xml", resource(f));
      assertTrue(r.findings().isEmpty(), f + ": " + r.findings());
    }
  }

  @Test
  void aRealServerPasswordBesideCommentedExamplesIsFound() throws IOException {
    String stock = new String(resource("apache-maven-3.9.9-settings.xml"), StandardCharsets.UTF_8);
    String withServer = stock.replace("  </servers>", "    <server>\n      <id>corp</id>\n"
        + "      <password>plain-s3cret</password>\n    </server>\n    <server><id>ci</id>"
        + "<password>${env.CI_PASSWORD}</password></server>\n  </servers>");
    long line = withServer.lines().takeWhile(l -> !l.contains("plain-s3cret")).count() + 1;
    assertFinding(Rule.MAVEN_SETTINGS_FILE, line, ".m2/settings.xml", withServer);
    assertFinding(Rule.MAVEN_SETTINGS_FILE, 3, "settings-security.xml",
        "<settingsSecurity>\n<!-- <master>example</master> -->\n<master>plainmaster</master>\n</settingsSecurity>");
  }

  @Test
  void netrcCommentsAndMacrosAreNotEntries() {
    assertQuiet(".netrc", "# machine h login u password example-in-a-comment\n  # password indented-comment\n"
        + "machine h login u password ${P}\nmacdef init\npassword not-an-entry\n\n");
    assertFinding(Rule.NETRC_FILE, 3, ".netrc", "# a comment\nmachine h login u\npassword real-one\n");
  }

  @Test
  void placeholdersAndPublicMaterialStayQuiet() {
    assertQuiet(".netrc", "machine a login u password ${NETRC_PASSWORD}\n");
    assertQuiet(".npmrc", "//r/:_authToken=${NPM_TOKEN}\nregistry=https://r/\nalways-auth=true\n");
    assertQuiet(".pypirc", "[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n");
    assertQuiet("pip.conf", "[global]\nindex-url = https://pypi.corp/simple\n");
    assertQuiet("settings.xml", "<password>{COQLCE6DU6GtcS5P=}</password><password>${env.PASS}</password>");
    assertQuiet(".git/config", "[remote \"origin\"]\n\turl = https://github.com/org/repo.git\n");
    assertQuiet(".docker/config.json", "{\"auths\":{\"r\":{}},\"credsStore\":\"desktop\"}");
    assertQuiet("package/config.json", "{\"name\":\"x\",\"password\":\"not docker\"}");
    HeldCertificate cert = new HeldCertificate.Builder().commonName("x").build();
    assertQuiet("tls/server.key", cert.certificatePem());
    assertQuiet("id_ed25519.pub", "ssh-ed25519 AAAA user@h");
    assertQuiet("known_hosts", "h ssh-ed25519 AAAA");
  }
}
