package dev.airlock.placement;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what an extraction really produces, never what headers claim, and stops it at the
 * {@link SafeExtractor.Limits}. Bytes are charged before they are written, so the cap is never
 * exceeded on disk.
 */
final class Budget {
  /** Below this much output the ratio is not checked, so tiny archives are never flagged. */
  static final long RATIO_FLOOR = 1L << 20;
  /** Decompressed tar data allowed per entry beyond the bytes written: headers and padding. */
  static final long TAR_OVERHEAD_PER_ENTRY = 64L << 10;

  private final SafeExtractor.Limits limits;
  private final long ratioCap;
  private long entries;
  private long written;
  private long inflated;

  Budget(SafeExtractor.Limits limits, long archiveSize) {
    this.limits = limits;
    long size = Math.max(archiveSize, 1);
    long ratio = limits.maxRatio();
    this.ratioCap = size > Long.MAX_VALUE / ratio ? Long.MAX_VALUE : size * ratio;
  }

  /** Charges one archive entry of any kind. */
  void entry() {
    entries(1);
  }

  void entries(long count) {
    entries += count;
    if (entries > limits.maxEntries()) {
      throw ExtractionFailure.of("more than " + limits.maxEntries() + " entries (entry limit)");
    }
  }

  /** Charges bytes about to be written to the destination. */
  void write(long bytes) {
    written += bytes;
    if (written > limits.maxTotalBytes()) {
      throw ExtractionFailure.of(
          "more than " + limits.maxTotalBytes() + " bytes unpacked (size limit)");
    }
    checkRatio(written);
  }

  /**
   * Wraps the decompressed stream a tar is read from. Tar data that is never written (headers,
   * bodies of entries that are skipped) still costs decompression and memory, so it is held to
   * the ratio cap and to the size cap plus {@link #TAR_OVERHEAD_PER_ENTRY} per entry.
   */
  InputStream meterInflated(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          inflated(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          inflated(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Read rather than skip, so skipped data is counted like everything else.
        if (n <= 0) {
          return 0;
        }
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
      }
    };
  }

  private void inflated(long bytes) {
    inflated += bytes;
    long overhead = Math.min(entries + 1, 1L << 40) * TAR_OVERHEAD_PER_ENTRY; // cannot overflow
    if (inflated - overhead > limits.maxTotalBytes()) {
      throw ExtractionFailure.of(
          "more than " + limits.maxTotalBytes() + " bytes unpacked (size limit)");
    }
    checkRatio(inflated);
  }

  private void checkRatio(long produced) {
    if (produced > RATIO_FLOOR && produced > ratioCap) {
      throw ExtractionFailure.of(
          "expands more than " + limits.maxRatio() + " times its size (compression ratio limit)");
    }
  }
}
