package dev.airlock.scan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Docker's .dockerignore semantics (moby/patternmatcher), case by case. */
class DockerIgnoreTest {
  private static DockerIgnore of(String text) {
    return DockerIgnore.parse(text, "test");
  }

  @Test
  void lastMatchWinsAndBangReincludes() {
    DockerIgnore d = of("*.md\n!README.md\n");
    assertFalse(d.sent("CHANGES.md"));
    assertTrue(d.sent("README.md"));
    assertTrue(d.sent("docs/CHANGES.md"), "* does not cross folders");
    DockerIgnore again = of("!README.md\n*.md\n");
    assertFalse(again.sent("README.md"), "the later pattern wins");
  }

  @Test
  void doubleStarSpansFolders() {
    DockerIgnore d = of("**/.netrc\n**/*.pem\nsecrets/**\n");
    assertFalse(d.sent(".netrc"));
    assertFalse(d.sent("a/b/.netrc"));
    assertFalse(d.sent("certs/deep/key.pem"));
    assertFalse(d.sent("secrets/x/y"));
    assertTrue(d.sent("secretsfile"));
  }

  @Test
  void aMatchingFolderExcludesEverythingBelowUnlessReincluded() {
    DockerIgnore d = of(".git\nvendor\n!vendor/keep.txt\n");
    assertFalse(d.sent(".git/config"));
    assertFalse(d.sent("vendor/a/b.txt"));
    assertTrue(d.sent("vendor/keep.txt"));
  }

  @Test
  void patternsAreCleanedAndRelative() {
    DockerIgnore d = of("# comment\n  /build/  \n./dist//x\n\n");
    assertFalse(d.sent("build/out.bin"));
    assertFalse(d.sent("dist/x"));
    assertTrue(d.sent("# comment"));
  }

  @Test
  void questionMarkAndClassesStopAtSlash() {
    DockerIgnore d = of("file?.txt\n[ab].key\n");
    assertFalse(d.sent("file1.txt"));
    assertTrue(d.sent("file/.txt"));
    assertFalse(d.sent("a.key"));
    assertTrue(d.sent("c.key"));
  }
}
