package dev.airlock.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sees a download's bytes while they arrive, in the one pass that also writes and hashes them:
 * {@link #update} gets every byte in order (for more digests), {@link #consume} may read the body
 * itself (a scanner pulling what it needs; the rest is drained after it returns). Each attempt of a
 * retried download starts with {@link #restart}, so nothing from a broken attempt counts.
 */
public interface BodyTap {
  void restart();

  void update(byte[] b, int off, int n);

  /** Reads as much of {@code body} as it likes; its reads are the download's reads. */
  default void consume(InputStream body) throws IOException {}

  BodyTap NONE = new BodyTap() {
    @Override
    public void restart() {}

    @Override
    public void update(byte[] b, int off, int n) {}
  };
}
