package dev.airlock.fetch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code frozen}: the lock must cover the manifest and is never written. {@code offline}: no
 * network; a source that is not already in place fails. {@code update}: names to re-resolve
 * ignoring their lock entries (empty set = all); absent for a plain fetch. {@code vendorOverride}: the
 * {@code --vendor-dir} given, if any (the manifest then carries it as its vendor dir).
 */
public record FetchOptions(boolean frozen, boolean offline, int jobs, Optional<Set<String>> update,
    Optional<Path> vendorOverride) {
  public static final int DEFAULT_JOBS = 8;

  public FetchOptions(boolean frozen, boolean offline, int jobs, Optional<Set<String>> update) {
    this(frozen, offline, jobs, update, Optional.empty());
  }

  public static FetchOptions defaults() {
    return new FetchOptions(false, false, DEFAULT_JOBS, Optional.empty());
  }

  boolean reResolve(String name) {
    return update.map(names -> names.isEmpty() || names.contains(name)).orElse(false);
  }
}
