package dev.airlock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's .dockerignore semantics (moby/patternmatcher MatchesOrParentMatches, ignorefile.ReadAll). */
class IgnorePatternsTest {
  static IgnorePatterns p(String... lines) {
    return IgnorePatterns.parse(List.of(lines));
  }

  @Test
  void doubleStarSlashMatchesAtTheRootAndAtAnyDepth() {
    IgnorePatterns p = p("**/.netrc");
    assertTrue(p.ignored(".netrc"));
    assertTrue(p.ignored("a/b/.netrc"));
    assertFalse(p.ignored("a/.netrc.txt"));
    assertFalse(p.ignored("a/x.netrc"));
  }

  @Test
  void aMatchingFolderTakesEverythingBelowIt() {
    IgnorePatterns p = p("**/.ssh", ".git/");
    assertTrue(p.ignored("home/.ssh/id_rsa"));
    assertTrue(p.ignored(".ssh"));
    assertTrue(p.ignored(".git/config"));
    assertFalse(p.ignored("sub/.git/config")); // no **/: only at the root
  }

  @Test
  void starStaysInOneSegmentAndDoubleStarSpansMany() {
    IgnorePatterns p = p("*.pem", "docs/**/*.md");
    assertTrue(p.ignored("ca.pem"));
    assertFalse(p.ignored("certs/ca.pem"));
    assertTrue(p.ignored("docs/a/b/c.md"));
    assertTrue(p.ignored("docs/c.md"));
    assertFalse(p.ignored("src/c.md"));
    IgnorePatterns tree = p("secrets/**");
    assertTrue(tree.ignored("secrets/x/y"));
    assertFalse(tree.ignored("secretsfile"));
    IgnorePatterns q = p("**/.env*");
    assertTrue(q.ignored(".env"));
    assertTrue(q.ignored("app/.env.production"));
    assertFalse(q.ignored("app/env"));
  }

  @Test
  void theLastMatchingPatternDecidesAndBangReincludes() {
    IgnorePatterns p = p("**/*.pem", "!vendor/files/certs/ca.pem");
    assertTrue(p.ignored("certs/ca.pem"));
    assertFalse(p.ignored("vendor/files/certs/ca.pem"));
    assertTrue(p.ignored("vendor/files/certs/other.pem"));
    assertTrue(p.hasExclusions());
    IgnorePatterns q = p("!vendor/a.pem", "**/*.pem");
    assertTrue(q.ignored("vendor/a.pem")); // the later exclude wins
  }

  @Test
  void reincludingAFileInsideAnIgnoredFolder() {
    IgnorePatterns p = p("**/.ssh", "!vendor/git/x/.ssh/config");
    assertFalse(p.ignored("vendor/git/x/.ssh/config"));
    assertTrue(p.ignored("vendor/git/x/.ssh/id_rsa"));
    assertTrue(p.ignored("vendor/git/x/.ssh"));
    assertTrue(p.mayReinclude("vendor/git/x/.ssh"));
    assertTrue(p.mayReinclude("vendor"));
    assertFalse(p.mayReinclude("home/.ssh"));
  }

  @Test
  void commentsOnlyAtColumnOneBlankLinesAndLeadingSlashes() {
    IgnorePatterns p = p("# .netrc", "", "   ", "/secrets/", "./build", "\uFEFFfirst-line-bom-is-ignored");
    assertFalse(p.ignored(".netrc"));
    assertTrue(p.ignored("secrets/a"));
    assertTrue(p.ignored("build/x"));
    assertFalse(p.ignored("."));
    IgnorePatterns padded = p("  /build/  ", "./dist//x");
    assertTrue(padded.ignored("build/out.bin"));
    assertTrue(padded.ignored("dist/x"));
    IgnorePatterns bom = p("\uFEFFfoo");
    assertTrue(bom.ignored("foo"));
    IgnorePatterns notComment = p(" #hash");
    assertTrue(notComment.ignored("#hash"));
  }

  @Test
  void escapesAndCharacterClasses() {
    IgnorePatterns p = p("a\\*b", "file[0-9].txt", "q?.txt");
    assertTrue(p.ignored("a*b"));
    assertFalse(p.ignored("axb"));
    assertTrue(p.ignored("file7.txt"));
    assertFalse(p.ignored("filex.txt"));
    assertTrue(p.ignored("q1.txt"));
    assertFalse(p.ignored("q/.txt"));
    IgnorePatterns set = p("[ab].key");
    assertTrue(set.ignored("a.key"));
    assertFalse(set.ignored("c.key"));
  }

  @Test
  void aPatternDockerWouldRefuseIsReportedWithItsLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p("ok", "bad[pattern"));
    assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
  }

  @Test
  void cleanBehavesLikeGoFilepathClean() {
    assertEquals("a/c", IgnorePatterns.clean("./a/b/../c/"));
    assertEquals("x", IgnorePatterns.clean("/../x"));
    assertEquals("../x", IgnorePatterns.clean("../x"));
    assertEquals(".", IgnorePatterns.clean("./"));
  }
}
