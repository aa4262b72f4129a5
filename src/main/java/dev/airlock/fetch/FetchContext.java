package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.net.HttpTransport;
import dev.airlock.placement.SafeExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What a backend may use: the run's one HTTP transport, credentials, the content cache, limits and
 * the listener. With {@code offline} a backend may only use the cache. What a backend downloads
 * goes to the cache through {@link #cacheInbox}, after the run's scan. {@code files} runs the
 * downloads of one source side by side ({@link Parallel}); {@code arrivals} scans downloads as they arrive.
 */
public record FetchContext(HttpTransport http, CredentialResolver credentials, ContentCache cache,
    CacheInbox cacheInbox, boolean offline, FetchListener listener, Path tempDir,
    SafeExtractor.Limits extractLimits, Executor files, ArrivalScan arrivals) {

  /** Without a scan while downloading: the scan before placing reads every file. */
  public FetchContext(HttpTransport http, CredentialResolver credentials, ContentCache cache,
      CacheInbox cacheInbox, boolean offline, FetchListener listener, Path tempDir,
      SafeExtractor.Limits extractLimits, Executor files) {
    this(http, credentials, cache, cacheInbox, offline, listener, tempDir, extractLimits, files, ArrivalScan.NONE);
  }

  /** A folder for this source's temporary files, created on first use. */
  @Override
  public Path tempDir() {
    try {
      return Files.createDirectories(tempDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
