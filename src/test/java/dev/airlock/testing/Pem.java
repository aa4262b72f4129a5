package dev.airlock.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * PEM text for fixtures, assembled at run time: keys are generated per test, and no key-shaped
 * literal (armor lines included) sits in the repository for secret scanners to trip on.
 */
public final class Pem {
  private Pem() {}

  /** {@code -----BEGIN LABEL-----}. */
  public static String begin(String label) {
    return "-----BEGIN " + label + "-----";
  }

  /** BODY between the BEGIN and END lines of LABEL, newline-terminated. */
  public static String armor(String label, String body) {
    return begin(label) + "\n" + body + "\n-----END " + label + "-----\n";
  }

  /** A fresh EC P-256 private key as unencrypted PKCS#8 PEM. */
  public static String privateKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return armor("PRIVATE KEY", Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(g.generateKeyPair().getPrivate().getEncoded()));
  }
}
