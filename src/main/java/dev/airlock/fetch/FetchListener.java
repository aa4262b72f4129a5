package dev.airlock.fetch;

/** What the core reports while it works; the CLI renders it (live on a terminal, lines elsewhere). */
public interface FetchListener {
  default void started(String source, String kind) {}

  default void progress(String source, long bytes, long total) {}

  default void finished(String source, String kind, int files, long bytes, boolean upToDate) {}

  default void failed(String source, String message) {}

  /**
   * One file of a source obtained by {@link Downloads}: {@code what} starts with the source name
   * (then a space and the file, for sources with several), {@code fromCache} when no byte came
   * from the network.
   */
  default void obtained(String what, long bytes, boolean fromCache) {}

  /** A fact worth a line (not a problem), e.g. lock entries a closure skipped. */
  default void info(String message) {}

  default void warn(String message) {}

  default void debug(String message) {}

  FetchListener NONE = new FetchListener() {};
}
