package dev.airlock.scan.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names a found value without revealing it: HMAC-SHA256 under a key, truncated to 48 bits. Two
 * findings of the same value share a subject. With {@link #load} the key is the user's own (a
 * random file in airlock's cache folder, mode 0600), so the subject is the same on every run and
 * in every report format on that machine; a plain hash would let anyone holding a report test
 * guesses of a short password offline, a keyed one needs the key. The key is never printed.
 * (Accepting a finding does not use this subject: see {@link FindingIds}, which holds no value.)
 */
public final class Fingerprinter {
  private final SecretKeySpec key;

  /** A key for this run only. */
  public Fingerprinter() {
    this(random());
  }

  private Fingerprinter(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The key in {@code file}, created (0600) when missing; a run-only key if it cannot be read or written. */
  public static Fingerprinter load(Path file) {
    try {
      if (Files.isRegularFile(file) && Files.size(file) == 32) {
        return new Fingerprinter(Files.readAllBytes(file));
      }
      byte[] k = random();
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".fingerprint", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the folder's own permissions apply
      }
      Files.write(tmp, k, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return new Fingerprinter(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      return new Fingerprinter();
    }
  }

  private static byte[] random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
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
