package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.fetch.git.KnownHosts.Verdict;
import dev.airlock.testing.SshGitServer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

/** known_hosts decided from the whole file, as OpenSSH reads it (and stricter for {@code @revoked}). */
class KnownHostsTest {
  static final PublicKey KEY = SshGitServer.generateKey().getPublic();
  static final PublicKey OTHER = SshGitServer.generateKey().getPublic();
  static final String K = PublicKeyEntry.toString(KEY);
  static final String O = PublicKeyEntry.toString(OTHER);

  /** An OpenSSH hashed host field ({@code ssh-keygen -H}): {@code |1|salt|HMAC-SHA1(salt, name)}. */
  static String hashed(String name) throws GeneralSecurityException {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash);
  }

  static Verdict verdict(String file, String host, PublicKey key) {
    return KnownHosts.parse(file).decide(host, key).verdict();
  }

  @Test
  void aRevokedLineAnywhereWinsOverAPlainLine() {
    assertEquals(Verdict.ACCEPTED, verdict("host.example " + K + "\n", "host.example", KEY));
    assertEquals(Verdict.REVOKED, verdict("host.example " + K + "\n@revoked host.example " + K + "\n",
        "host.example", KEY));
    assertEquals(Verdict.REVOKED, verdict("@revoked host.example " + K + "\nhost.example " + K + "\n",
        "host.example", KEY));
    assertEquals(Verdict.REVOKED, verdict("host.example " + K + "\n@revoked * " + K + "\n", "host.example", KEY));
    assertEquals(Verdict.REVOKED, verdict("host.example " + K + "\n@REVOKED elsewhere " + K + "\n",
        "host.example", KEY));
    assertEquals(Verdict.ACCEPTED, verdict("host.example " + K + "\n@revoked * " + O + "\n", "host.example", KEY));
  }

  @Test
  void patternsFollowOpenSsh() {
    String port = "[git.example]:2222";
    assertEquals(Verdict.ACCEPTED, verdict("[git.example]:2222 " + K, port, KEY));
    assertEquals(Verdict.UNKNOWN, verdict("git.example " + K, port, KEY)); // a port needs its [host]:port form
    assertEquals(Verdict.UNKNOWN, verdict("[git.example]:22 " + K, "git.example", KEY));
    assertEquals(Verdict.ACCEPTED, verdict("[git.*]:* " + K, port, KEY));
    assertEquals(Verdict.ACCEPTED, verdict("*.EXAMPLE " + K, "git.example", KEY));
    assertEquals(Verdict.ACCEPTED, verdict("gi?.example " + K, "git.example", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("gi?.example " + K, "gitt.example", KEY));
    assertEquals(Verdict.ACCEPTED, verdict("a,b,git.example " + K, "git.example", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("*.example,!git.example " + K, "git.example", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("!git.example,*.example " + K, "git.example", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("!other.example " + K, "git.example", KEY)); // negation alone never matches
    assertEquals(Verdict.UNKNOWN, verdict("[git.example]:2222 " + K, "[git.example]:22220", KEY));
  }

  @Test
  void hashedHostsAreMatchedByHmacSha1() throws Exception {
    assertEquals(Verdict.ACCEPTED, verdict(hashed("[127.0.0.1]:2222") + " " + K, "[127.0.0.1]:2222", KEY));
    assertEquals(Verdict.UNKNOWN, verdict(hashed("[127.0.0.1]:2223") + " " + K, "[127.0.0.1]:2222", KEY));
    assertEquals(Verdict.REVOKED, verdict(hashed("h") + " " + K + "\n@revoked " + hashed("h") + " " + K, "h", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("|1|bm90LWJhc2U2NA|!! " + K, "h", KEY)); // a broken hash matches nothing
  }

  @Test
  void aDifferentKeyForTheHostIsAChangeAndNamesTheListedKey() {
    KnownHosts.Decision d = KnownHosts.parse("other " + K + "\nhost " + O + "\n").decide("host", KEY);
    assertEquals(Verdict.CHANGED, d.verdict());
    assertEquals(OTHER, d.listed());
    assertEquals(List.of(OTHER), KnownHosts.parse("host " + O + "\n@revoked * " + K).keysFor("host"));
    assertEquals(List.of(), KnownHosts.parse("host " + O + "\n@revoked * " + O).keysFor("host"));
  }

  @Test
  void certAuthorityCommentsAndBrokenLinesNeverMakeAKeyTrusted() {
    assertEquals(Verdict.UNKNOWN, verdict("@cert-authority * " + K, "host", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("# host " + K + "\n\n   \n", "host", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("@unknown host " + K, "host", KEY));
    assertEquals(Verdict.UNKNOWN, verdict("host ssh-ed25519 !!notbase64", "host", KEY));
    assertEquals(Verdict.ACCEPTED, verdict("garbage\nhost ssh-ed25519\n\thost   " + K + "  a comment\r\n", "host", KEY));
    assertTrue(KnownHosts.parse("@revoked * ssh-ed25519 broken\nhost " + K).decide("host", KEY).verdict()
        == Verdict.ACCEPTED);
  }
}
