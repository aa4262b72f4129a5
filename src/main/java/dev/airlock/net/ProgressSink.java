package dev.airlock.net;

/** Receives byte counts while a body streams; {@code total} is -1 when unknown. */
@FunctionalInterface
public interface ProgressSink {
  void bytes(long done, long total);

  ProgressSink NONE = (d, t) -> {};
}
