package dev.airlock.scan.core;

import dev.airlock.testing.Pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pattern tier: each token format found, and look-alikes that must stay quiet. */
class PatternsTest {
  @TempDir Path temp;
  static final Random RND = new Random();

  static String alnum(int n) {
    String abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(abc.charAt(RND.nextInt(abc.length())));
    }
    return sb.toString();
  }

  private ScanResult scan(String text) {
    ScanResult r = new ScanResult();
    new ContentScanner(Fixtures.context(KnownSecrets.none(), r, temp)).scan(text.getBytes(StandardCharsets.UTF_8),
        Location.of("f"));
    return r;
  }

  private void assertRule(Rule rule, String text) {
    List<String> got = Fixtures.rules(scan(text));
    assertEquals(List.of(rule.id()), got, text.length() > 200 ? text.substring(0, 200) : text);
  }

  @Test
  void round3_aGithubTokenWithItsUnderscoreJsonEscapedIsFoundWithTheSameFingerprint() {
    String body = alnum(36);
    assertRule(Rule.GITHUB_TOKEN, "{\"token\":\"ghp\\u005f" + body + "\"}");
    assertRule(Rule.GITHUB_TOKEN, "{\"token\":\"gho\\u005F" + body + "\"}");
    // one value, one finding: both spellings have the same fingerprint
    assertEquals(1, scan("ghp_" + body + "\n\"ghp\\u005f" + body + "\"").findings().size());
    assertQuiet("{\"a\":\"x\\u005fy\", \"b\":\"ghp\\u005fshort\"}");
  }

  private void assertQuiet(String text) {
    ScanResult r = scan(text);
    assertTrue(r.clean(), r.findings() + " in: " + text);
  }

  static String privateKeyPem() throws Exception {
    return Pem.privateKey();
  }

  @Test
  void tokenFormats() throws Exception {
    assertRule(Rule.GITHUB_TOKEN, "token = ghp_" + alnum(36));
    assertRule(Rule.GITHUB_TOKEN, "x=github_pat_" + alnum(22) + "_" + alnum(59));
    assertRule(Rule.GITLAB_TOKEN, "PRIVATE=glpat-" + alnum(20));
    assertRule(Rule.NPM_TOKEN, "//registry.npmjs.org/:_authToken=npm_" + alnum(36));
    assertRule(Rule.PYPI_TOKEN, "password = pypi-AgEIcHlwaS5vcmc" + alnum(60));
    assertRule(Rule.AWS_KEY, "aws_access_key_id = AKIA" + alnum(16).toUpperCase());
    assertRule(Rule.AWS_KEY, "aws_secret_access_key = " + alnum(40));
    assertRule(Rule.JFROG_TOKEN, "X-JFrog-Art-Api: AKCp" + alnum(69));
    assertRule(Rule.URL_CREDENTIALS, "git clone https://deploy:" + alnum(12) + "@git.corp.example/a.git");
    assertRule(Rule.AUTH_HEADER, "curl -H 'Authorization: Bearer " + alnum(30) + "' https://x");
    assertRule(Rule.AUTH_HEADER, "{\"authorization\": \"token " + alnum(30) + "\"}");
    assertRule(Rule.AUTH_HEADER, "curl --header \"PRIVATE-TOKEN: " + alnum(20) + "\" https://gitlab");
    assertRule(Rule.PRIVATE_KEY, "key:\n" + privateKeyPem());
    assertRule(Rule.PRIVATE_KEY, privateKeyPem().replace("PRIVATE KEY", "OPENSSH PRIVATE KEY"));
  }

  @Test
  void lookAlikesStayQuiet() throws Exception {
    assertQuiet("aws_access_key_id = AKIAIOSFODNN7EXAMPLE");
    assertQuiet("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertQuiet("see https://user:${PASSWORD}@host/ or https://user:$TOKEN@host or https://u:<password>@h");
    assertQuiet("docs: https://user:password@example.com and postgres://postgres:postgres@localhost/db"
        .replace("postgres:postgres", "postgres:****"));
    assertQuiet("Authorization: Bearer ${TOKEN}\nAuthorization: Bearer $TOKEN\nAuthorization: Basic <credentials>");
    assertQuiet("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ghp_short");
    assertQuiet("static final String BEGIN = \"" + Pem.begin("PRIVATE KEY") + "\";");
    assertQuiet("https://example.com/path?q=1 mailto:user@example.com git@github.com:org/repo.git");
    // integrity hashes and commit SHAs
    assertQuiet("\"integrity\": \"sha512-" + Base64.getEncoder().encodeToString(new byte[64]).replace('A', 'q')
        + "\"\ncommit 3f786850e387550fdab836ed7e6dc881de23001b\nsha256:" + Fixtures.sha256(new byte[] {1}));
    // public keys, known_hosts, certificates
    HeldCertificate cert = new HeldCertificate.Builder().commonName("x").build();
    assertQuiet(cert.certificatePem());
    assertQuiet("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
        cert.keyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    assertQuiet("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host");
    assertQuiet("github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
        + "|1|abc=|def= ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=");
  }

  @Test
  void findingsNameAFingerprintNotTheValue() {
    String tok = "ghp_" + alnum(36);
    ScanResult r = scan("a " + tok + "\nb " + tok);
    assertEquals(1, r.findings().size(), "one finding per distinct value and stream");
    Finding f = r.findings().get(0);
    assertTrue(f.subject().startsWith("hmac:"), f.subject());
    assertTrue(!f.toString().contains(tok.substring(4)));
  }
}
