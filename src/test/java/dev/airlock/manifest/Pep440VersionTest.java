package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pep440VersionTest {
  static Pep440Version v(String s) {
    return Pep440Version.parse(s).orElseThrow(() -> new AssertionError("not a version: " + s));
  }

  @Test
  void normalisesSpellingsAsPep440Says() {
    assertEquals("1.0a1", v("1.0-alpha.1").canonical());
    assertEquals("1.0b2", v("1.0.beta2").canonical());
    assertEquals("1.0rc0", v("1.0c").canonical());
    assertEquals("1.0rc3", v("1.0-preview_3").canonical());
    assertEquals("1.0.post1", v("1.0-1").canonical());
    assertEquals("1.0.post0", v("1.0.rev").canonical());
    assertEquals("1.0.dev0", v("1.0dev").canonical());
    assertEquals("2!1.0", v("v2!1.0").canonical());
    assertEquals("1.2.3+ubuntu.1", v("1.02.3+Ubuntu-01").canonical());
  }

  @Test
  void equalityPadsReleaseWithZeros() {
    assertTrue(v("1.4.2").matches(v("1.4.2.0")));
    assertTrue(v("1.4").matches(v("1.4.0.0")));
    assertFalse(v("1.4.2").matches(v("1.4.20")));
    assertFalse(v("1.4.2").matches(v("1.4.2rc1")));
    assertFalse(v("1.4.2").matches(v("1!1.4.2")));
  }

  @Test
  void aPinWithoutLocalLabelMatchesAnyLocalLabelButNotTheReverse() {
    assertTrue(v("2.0.0").matches(v("2.0.0+cpu")));
    assertTrue(v("2.0.0+cpu").matches(v("2.0.0+CPU")));
    assertFalse(v("2.0.0+cpu").matches(v("2.0.0")));
    assertFalse(v("2.0.0+cpu").matches(v("2.0.0+cu118")));
  }

  @Test
  void rejectsWhatIsNotAVersion() {
    for (String bad : new String[] {"1.*", "1.0-", "latest", "", "1..0", ">=1.0", "1.0 1"}) {
      assertTrue(Pep440Version.parse(bad).isEmpty(), bad);
    }
  }
}
