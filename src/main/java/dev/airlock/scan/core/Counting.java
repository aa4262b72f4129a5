package dev.airlock.scan.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Adds what passes through to the tally's expanded bytes and stops at the limit. */
final class Counting extends FilterInputStream {
  private final Tally tally;
  private final long limit;

  Counting(InputStream in, Tally tally, long limit) {
    super(in);
    this.tally = tally;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public void close() {
    // the container owns the underlying stream
  }

  private void add(long n) {
    if (tally.expanded.addAndGet(n) > limit) {
      throw new LimitExceeded("more than " + limit + " bytes decompressed");
    }
  }
}
