package dev.airlock.fetch;

import dev.airlock.error.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests of downloaded files for the checks a registry publishes (sha1, sha256, sha512). */
public final class FileDigest {
  private FileDigest() {}

  /** {@code algorithm} as the JDK names it: {@code SHA-1}, {@code SHA-256}, {@code SHA-512}. */
  public static byte[] of(Path file, String algorithm) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) != -1) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new FetchException("cannot read " + file.getFileName() + ": " + e.getMessage());
    }
    return md.digest();
  }

  public static String hex(Path file, String algorithm) {
    return HexFormat.of().formatHex(of(file, algorithm));
  }
}
