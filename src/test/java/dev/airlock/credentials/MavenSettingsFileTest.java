package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.cipher.PlexusCipherException;

/** settings.xml {@code <server>}s: plain, {@code ${env.X}} and {@code {…}}-encrypted passwords, as Maven 3 reads them. */
class MavenSettingsFileTest {
  @TempDir Path home;
  final DefaultPlexusCipher cipher = new DefaultPlexusCipher();

  Path settings(String servers, String rest) throws Exception {
    Path f = home.resolve(".m2/settings.xml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, """
        <?xml version="1.0" encoding="UTF-8"?>
        <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
          <servers>
        %s
          </servers>
        %s
        </settings>
        """.formatted(servers, rest));
    return f;
  }

  static String server(String id, String user, String password) {
    return "<server><id>" + id + "</id><username>" + user + "</username><password>" + password + "</password></server>";
  }

  /** settings-security.xml as {@code mvn --encrypt-master-password} writes it. */
  Path security(String master) throws Exception {
    Path f = home.resolve(".m2/settings-security.xml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "<settingsSecurity><master>" + cipher.encryptAndDecorate(master, "settings.security")
        + "</master></settingsSecurity>\n");
    return f;
  }

  MavenSettingsFile.Server read(Path file, String id, Map<String, String> env) {
    return MavenSettingsFile.read(file, home.resolve(".m2/settings-security.xml"), id, new Environment(env, home, home));
  }

  @Test
  void aPlainPassword() throws Exception {
    Path f = settings(server("other", "x", "y") + server("corp", " alice ", " s3cret "), "");
    MavenSettingsFile.Server s = read(f, "corp", Map.of());
    assertEquals(Optional.of("alice"), s.username());
    assertEquals("s3cret", s.password().orElseThrow().reveal(), "values are trimmed as Maven's reader does");
    assertEquals(List.of(), s.urls());
  }

  @Test
  void envInterpolationFromTheInjectedEnvironment() throws Exception {
    Path f = settings(server("corp", "${env.CI_USER}", "${env.CI_PASSWORD}"), "");
    MavenSettingsFile.Server s = read(f, "corp", Map.of("CI_USER", "ci", "CI_PASSWORD", "from-env"));
    assertEquals(Optional.of("ci"), s.username());
    assertEquals("from-env", s.password().orElseThrow().reveal());
    UsageException e = assertThrows(UsageException.class, () -> read(f, "corp", Map.of("CI_USER", "ci")));
    assertTrue(e.getMessage().contains("${env.CI_PASSWORD}") && e.getMessage().contains("not set"), e.getMessage());
  }

  @Test
  void anEncryptedPasswordIsDecryptedWithTheMasterPassword() throws Exception {
    security("master-pw");
    String encrypted = cipher.encryptAndDecorate("decrypted-pw", "master-pw");
    Path f = settings(server("corp", "alice", encrypted), "");
    assertEquals("decrypted-pw", read(f, "corp", Map.of()).password().orElseThrow().reveal());
  }

  @Test
  void anEncryptedPasswordCanComeFromTheEnvironment() throws Exception {
    security("master-pw");
    String encrypted = cipher.encryptAndDecorate("via-env", "master-pw");
    Path f = settings(server("corp", "alice", "${env.ENC}"), "");
    assertEquals("via-env", read(f, "corp", Map.of("ENC", encrypted)).password().orElseThrow().reveal());
  }

  @Test
  void aWrongOrMissingMasterPasswordIsAClearErrorWithoutTheCiphertext() throws Exception {
    String encrypted = wrongKeyFails("decrypted-pw", "master-pw", "another-master");
    Path f = settings(server("corp", "alice", encrypted), "");
    UsageException missing = assertThrows(UsageException.class, () -> read(f, "corp", Map.of()));
    assertTrue(missing.getMessage().contains("settings-security.xml"), missing.getMessage());
    security("another-master");
    UsageException wrong = assertThrows(UsageException.class, () -> read(f, "corp", Map.of()));
    assertTrue(wrong.getMessage().contains("cannot decrypt"), wrong.getMessage());
    for (UsageException e : List.of(missing, wrong)) {
      assertFalse(e.getMessage().contains(encrypted.substring(1, encrypted.length() - 1)), e.getMessage());
      assertFalse(e.getMessage().contains("decrypted-pw"), e.getMessage());
    }
  }

  /**
   * CBC padding lets about one wrong key in 256 "decrypt" to garbage: pick a ciphertext (random
   * salt each time) that the wrong key rejects, so the test cannot flake.
   */
  String wrongKeyFails(String value, String master, String wrong) throws Exception {
    while (true) {
      String encrypted = cipher.encryptAndDecorate(value, master);
      try {
        cipher.decryptDecorated(encrypted, wrong);
      } catch (PlexusCipherException e) {
        return encrypted;
      }
    }
  }

  @Test
  void aMirrorOrRepositoryIdNamesTheServerAndGivesItsUrl() throws Exception {
    Path f = settings(server("corp-mirror", "alice", "pw"), """
          <mirrors><mirror><id>corp-mirror</id><url>https://nexus.corp.example/repository/public/</url>
            <mirrorOf>*</mirrorOf></mirror></mirrors>
          <profiles><profile><id>p</id><repositories><repository><id>corp-mirror</id>
            <url>https://${env.REPO_HOST}/releases</url></repository></repositories></profile></profiles>
        """);
    assertEquals(List.of("https://nexus.corp.example/repository/public/", "https://repo.corp.example/releases"),
        read(f, "corp-mirror", Map.of("REPO_HOST", "repo.corp.example")).urls());
  }

  @Test
  void aMirrorIdWithoutAServerSaysWhereCredentialsGo() throws Exception {
    Path f = settings("", "<mirrors><mirror><id>m</id><url>https://m.example/</url></mirror></mirrors>");
    UsageException e = assertThrows(UsageException.class, () -> read(f, "m", Map.of()));
    assertTrue(e.getMessage().contains("no <server> with id 'm'") && e.getMessage().contains("same id"), e.getMessage());
  }

  @Test
  void aPrivateKeyAndEncryptedPassphrase() throws Exception {
    security("master-pw");
    Path f = settings("<server><id>git</id><privateKey>${user.home}/.ssh/id_ed25519</privateKey><passphrase>"
        + cipher.encryptAndDecorate("key-pass", "master-pw") + "</passphrase></server>", "");
    MavenSettingsFile.Server s = read(f, "git", Map.of());
    assertEquals(Optional.of(home.resolve(".ssh/id_ed25519")), s.privateKey());
    assertEquals("key-pass", s.passphrase().orElseThrow().reveal());
    assertEquals(Optional.empty(), s.password());
  }

  @Test
  void doctypesAndExternalEntitiesAreRefused() throws Exception {
    Path secret = home.resolve("secret.txt");
    Files.writeString(secret, "outside-value");
    Path f = home.resolve("evil.xml");
    Files.writeString(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE settings [<!ENTITY x SYSTEM \"" + secret.toUri()
        + "\">]>\n<settings><servers><server><id>corp</id><username>u</username><password>&x;</password>"
        + "</server></servers></settings>\n");
    UsageException e = assertThrows(UsageException.class, () -> read(f, "corp", Map.of()));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains("outside-value"));
  }

  @Test
  void aMalformedFileNamesThePositionNotTheText() throws Exception {
    Path f = home.resolve("bad.xml");
    Files.writeString(f, "<settings><servers><server><password>leaky-value</pass></server></servers></settings>");
    UsageException e = assertThrows(UsageException.class, () -> read(f, "corp", Map.of()));
    assertTrue(e.getMessage().startsWith(f + ":1:"), e.getMessage());
    assertFalse(e.getMessage().contains("leaky-value"), e.getMessage());
  }
}
