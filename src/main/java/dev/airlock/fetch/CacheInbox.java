package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified downloads wait here, in the run's folder, until the run's known-secret scan has passed;
 * only then do they enter the user's {@link ContentCache}. A run that fails, or that found one of
 * its own credentials in what it fetched, caches nothing. Entries are hard links where possible,
 * so waiting costs no copy, and the fetcher may move or delete its file meanwhile.
 */
public final class CacheInbox {
  private final ContentCache cache;
  private final Path dir;
  private final Map<String, Path> waiting = new ConcurrentHashMap<>();
  private volatile boolean dirMade;

  public CacheInbox(ContentCache cache, Path dir) {
    this.cache = cache;
    this.dir = dir;
  }

  /** Keeps {@code file} (whose sha256 was verified) for the cache. Failures only cost a future download. */
  public void add(Path file, String sha256) {
    String key = sha256.toLowerCase(java.util.Locale.ROOT);
    if (waiting.containsKey(key) || cache.contains(key)) {
      return;
    }
    Path held = dir.resolve(key);
    try {
      if (!dirMade) {
        Files.createDirectories(dir); // once per run, not per file
        dirMade = true;
      }
      try {
        Files.createLink(held, file);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        return;
      } catch (IOException | UnsupportedOperationException noLinks) {
        Files.copy(file, held);
      }
      waiting.put(key, held);
    } catch (IOException ignored) {
      // not cached this time
    }
  }

  /** After the scan passed: everything waiting enters the cache, copied on {@code executor}. */
  public void commit(java.util.concurrent.Executor executor) {
    Parallel.map(executor, List.copyOf(waiting.entrySet()), e -> {
      cache.put(e.getValue(), e.getKey());
      return e.getKey();
    });
    waiting.clear();
  }
}
