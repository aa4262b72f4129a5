package dev.airlock.scan.core;

import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarUtils;

/** Formats recognised by their first bytes, never by name: a renamed archive is still opened. */
public enum Format {
  GZIP(true), BZIP2(true), XZ(true), ZSTD(true), ZIP(false), TAR(false), AR(false),
  SEVEN_Z(false), RAR(false), LZ4(false), RPM(false), PLAIN(false);

  /** Bytes {@link #detect} wants to see. */
  public static final int HEAD = 512;

  private final boolean compression;

  Format(boolean compression) {
    this.compression = compression;
  }

  public boolean compression() {
    return compression;
  }

  public boolean unsupported() {
    return this == SEVEN_Z || this == RAR || this == LZ4 || this == RPM;
  }

  public static Format detect(byte[] h, int n) {
    if (starts(h, n, 0x1f, 0x8b, 0x08)) {
      return GZIP;
    }
    if (n >= 10 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9'
        && (at(h, n, 4, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59) || at(h, n, 4, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90))) {
      return BZIP2;
    }
    if (starts(h, n, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return XZ;
    }
    if (starts(h, n, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ZSTD;
    }
    if (starts(h, n, 'P', 'K', 3, 4) || starts(h, n, 'P', 'K', 5, 6) || starts(h, n, 'P', 'K', 7, 8)) {
      return ZIP;
    }
    if (n >= 262 && new String(h, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
      return TAR;
    }
    if (n >= 512 && h[0] != 0 && looksLikeTarName(h) && checksumOk(h)) {
      return TAR;
    }
    if (starts(h, n, '!', '<', 'a', 'r', 'c', 'h', '>', '\n')) {
      return AR;
    }
    if (starts(h, n, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
      return SEVEN_Z;
    }
    if (starts(h, n, 'R', 'a', 'r', '!', 0x1a, 0x07)) {
      return RAR;
    }
    if (starts(h, n, 0x04, 0x22, 0x4d, 0x18)) {
      return LZ4;
    }
    if (starts(h, n, 0xed, 0xab, 0xee, 0xdb)) {
      return RPM;
    }
    return PLAIN;
  }

  private static boolean checksumOk(byte[] h) {
    try {
      return TarUtils.verifyCheckSum(h);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean looksLikeTarName(byte[] h) {
    for (int i = 0; i < 100 && h[i] != 0; i++) {
      if (h[i] < 0x20 && h[i] >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean starts(byte[] h, int n, int... magic) {
    return at(h, n, 0, magic);
  }

  private static boolean at(byte[] h, int n, int at, int... magic) {
    if (n < at + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((h[at + i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
