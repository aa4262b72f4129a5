package dev.airlock.fetch;

import dev.airlock.net.BodyTap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A cache entry on its way to the run's folder: whoever reads it (a scanner, or {@link #drain})
 * also writes, hashes and shows each byte to the tap, so the copy is the only read.
 */
final class HashingCopy extends InputStream {
  private final InputStream in;
  private final OutputStream out;
  private final MessageDigest sha;
  private final BodyTap tap;
  private long done;

  HashingCopy(InputStream in, OutputStream out, MessageDigest sha, BodyTap tap) {
    this.in = in;
    this.out = out;
    this.sha = sha;
    this.tap = tap;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      out.write(b, off, n);
      sha.update(b, off, n);
      tap.update(b, off, n);
      done += n;
    }
    return n;
  }

  /** Reads what nobody read yet; returns the bytes copied in all. */
  long drain() throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (read(buf, 0, buf.length) != -1) {
      // copied by read
    }
    return done;
  }
}
