package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.net.HttpTransport;
import dev.airlock.vendor.SafeExtractor;
import java.nio.file.Path;

/**
 * What a backend may use: the run's one HTTP transport, credentials, the content cache, limits and
 * the listener. With {@code offline} a backend may only use the cache.
 */
public record FetchContext(HttpTransport http, CredentialResolver credentials, ContentCache cache,
    boolean offline, FetchListener listener, Path tempDir, SafeExtractor.Limits extractLimits) {}
