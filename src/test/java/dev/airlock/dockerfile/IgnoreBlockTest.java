package dev.airlock.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.docker.IgnorePatterns;
import dev.airlock.error.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoreBlockTest {
  static final List<String> VENDORED = List.of("vendor/files/model/v3.bin", "vendor/files/certs/corp-ca.pem",
      "vendor/git/cfg/.env.example", "vendor/git/cfg/.ssh/known_hosts", "vendor/git/cfg/templates/app.yaml",
      "vendor/maven/com/corp/x/1/settings.xml", "vendor/files/odd/a[1] *.key");
  static final List<String> BLOCK = IgnoreBlock.lines(VENDORED);

  @Test
  void excludesEveryCredentialFileYetKeepsEveryVendoredFile() {
    IgnorePatterns p = IgnorePatterns.parse(IgnoreBlock.merge(null, BLOCK, ".dockerignore"));
    for (String cred : List.of(".netrc", "_netrc", "sub/.npmrc", ".pypirc", "etc/pip.conf", ".git-credentials",
        "home/.docker/config.json", "settings.xml", "m2/settings.xml", "id_rsa", "keys/id_ed25519", "tls/server.key",
        "ca.pem", "c.p12", ".ssh/config", "a/.ssh/id_ecdsa", ".env", ".env.local", "app/.env.prod", ".git/config",
        ".git", ".airlock/run-1/x", "sub/.airlock/x", ".aws/credentials", "vendor/files/model/.netrc",
        "vendor/files/certs/other.pem")) {
      assertTrue(p.ignored(cred), cred);
    }
    for (String kept : VENDORED) {
      assertFalse(p.ignored(kept), kept);
    }
    for (String kept : List.of("Dockerfile", "fetch.lock", "src/id_generator.py", "README.md", "env/x", "key.txt")) {
      assertFalse(p.ignored(kept), kept);
    }
  }

  @Test
  void reincludesOnlyTheVendoredFilesThatAPatternWouldDrop() {
    assertEquals(List.of("!vendor/files/certs/corp-ca.pem", "!vendor/files/odd/a\\[1\\] \\*.key",
        "!vendor/git/cfg/.env.example", "!vendor/git/cfg/.ssh/known_hosts",
        "!vendor/maven/com/corp/x/1/settings.xml"),
        BLOCK.stream().filter(l -> l.startsWith("!")).toList());
    assertEquals(IgnoreBlock.BEGIN, BLOCK.get(0));
    assertEquals(IgnoreBlock.END, BLOCK.get(BLOCK.size() - 1));
    assertFalse(IgnoreBlock.lines(List.of("vendor/files/m/a.bin")).stream().anyMatch(l -> l.startsWith("!")));
  }

  @Test
  void pathsADockerignoreLineCannotHoldBecomeSingleCharacterWildcards() {
    assertEquals("vendor/x?y", IgnoreBlock.escape("vendor/x\ny"));
    assertEquals("vendor/a b?", IgnoreBlock.escape("vendor/a b "));
    assertEquals("vendor/\\*\\?\\[\\]\\\\", IgnoreBlock.escape("vendor/*?[]\\"));
  }

  @Test
  void aNewFileHoldsJustTheBlock() {
    assertEquals(String.join("\n", BLOCK) + "\n", IgnoreBlock.merge(null, BLOCK, ".dockerignore"));
    assertEquals(String.join("\n", BLOCK) + "\n", IgnoreBlock.merge("", BLOCK, ".dockerignore"));
  }

  @Test
  void appendedAfterTheUsersLinesWhichStayByteForByte() {
    String user = "node_modules\n# my comment\n  *.log  \n";
    String merged = IgnoreBlock.merge(user, BLOCK, ".dockerignore");
    assertEquals(user + "\n" + String.join("\n", BLOCK) + "\n", merged);
    String noNewline = IgnoreBlock.merge("build", BLOCK, ".dockerignore");
    assertEquals("build\n\n" + String.join("\n", BLOCK) + "\n", noNewline);
  }

  @Test
  void replacedInPlaceAndIdempotent() {
    String user = "node_modules\n" + String.join("\n", IgnoreBlock.lines(List.of())) + "\n!keep/me.pem\ntail\n";
    String merged = IgnoreBlock.merge(user, BLOCK, ".dockerignore");
    assertEquals("node_modules\n" + String.join("\n", BLOCK) + "\n!keep/me.pem\ntail\n", merged);
    assertEquals(merged, IgnoreBlock.merge(merged, BLOCK, ".dockerignore"));
    String fresh = IgnoreBlock.merge("a\n", BLOCK, ".dockerignore");
    assertEquals(fresh, IgnoreBlock.merge(fresh, BLOCK, ".dockerignore"));
  }

  @Test
  void aBlockOnAFirstLineWithAByteOrderMarkIsStillFound() {
    String withBom = "\uFEFF" + String.join("\n", IgnoreBlock.lines(List.of())) + "\nmine\n";
    String merged = IgnoreBlock.merge(withBom, BLOCK, ".dockerignore");
    assertEquals("\uFEFF" + String.join("\n", BLOCK) + "\nmine\n", merged);
    assertEquals(merged, IgnoreBlock.merge(merged, BLOCK, ".dockerignore"));
  }

  @Test
  void crlfFilesStayCrlf() {
    String user = "node_modules\r\n*.log\r\n";
    String merged = IgnoreBlock.merge(user, BLOCK, ".dockerignore");
    assertEquals(user + "\r\n" + String.join("\r\n", BLOCK) + "\r\n", merged);
    assertEquals(merged, IgnoreBlock.merge(merged, BLOCK, ".dockerignore"));
    assertFalse(merged.replace("\r\n", "").contains("\n"));
  }

  @Test
  void brokenMarkersAreAUsageErrorNotAGuess() {
    String onlyBegin = "a\n" + IgnoreBlock.BEGIN + "\n**/.netrc\n";
    assertEquals(".dockerignore:2: the airlock block has a start marker without its end; put back the pair of lines "
        + "'# >>> airlock: …' and '# <<< airlock' or delete both, then run again",
        assertThrows(UsageException.class, () -> IgnoreBlock.merge(onlyBegin, BLOCK, ".dockerignore")).getMessage());
    String twice = String.join("\n", BLOCK) + "\n" + String.join("\n", BLOCK) + "\n";
    assertThrows(UsageException.class, () -> IgnoreBlock.merge(twice, BLOCK, ".dockerignore"));
    assertThrows(UsageException.class, () -> IgnoreBlock.merge(IgnoreBlock.END + "\n", BLOCK, ".dockerignore"));
  }
}
