package dev.airlock.scan.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names a found value without revealing it: HMAC-SHA256 under a key made for this run, truncated.
 * Two findings of the same value in one run share a fingerprint; the key is never stored or printed,
 * so a fingerprint cannot be checked against guesses offline or linked across runs.
 */
public final class Fingerprinter {
  private final SecretKeySpec key;

  public Fingerprinter() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    key = new SecretKeySpec(k, "HmacSHA256");
  }

  public String of(String value) {
    return of(value.getBytes(StandardCharsets.UTF_8));
  }

  public String of(byte[] value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "hmac:" + HexFormat.of().formatHex(mac.doFinal(value), 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
