package dev.airlock.fetch.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntegrityTest {
  static final String SHA512 = "sha512-" + "A".repeat(86) + "==";
  static final String SHA1_SRI = "sha1-" + "B".repeat(27) + "=";
  static final String SHA1_HEX = "a".repeat(40);

  @Test
  void theStrongestSriEntryWinsWhateverItsPosition() {
    assertEquals("sha512", Integrity.choose(SHA1_SRI + " " + SHA512, SHA1_HEX).orElseThrow().algorithm());
    assertEquals("sha256", Integrity.choose("sha256-" + "C".repeat(43) + "= " + SHA1_SRI, "").orElseThrow().algorithm());
    assertFalse(Integrity.choose(SHA512, "").orElseThrow().legacySha1());
  }

  @Test
  void shasumIsTheFallbackAndGarbageIsNothing() {
    Integrity legacy = Integrity.choose("", SHA1_HEX).orElseThrow();
    assertTrue(legacy.legacySha1());
    assertEquals("sha1-" + java.util.Base64.getEncoder().encodeToString(
        java.util.HexFormat.of().parseHex(SHA1_HEX)), legacy.sri());
    assertTrue(Integrity.choose(SHA1_SRI, "").orElseThrow().legacySha1(), "an SRI sha1 alone is the weak fallback too");
    assertTrue(Integrity.choose("sha512-not*base64", "").isEmpty());
    assertTrue(Integrity.choose("md5-xyz", "nothex").isEmpty());
  }
}
