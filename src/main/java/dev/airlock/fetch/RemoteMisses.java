package dev.airlock.fetch;

import dev.airlock.cache.RemoteCache;
import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.lock.LockEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a locked source could not be restored: which of its files the remote cache lacked, so a
 * runner that has only the cache (no registry credential) learns what to fill, not just that a
 * registry refused it. Exit 3: the fetch failed.
 */
final class RemoteMisses {
  private RemoteMisses() {}

  static Optional<AirlockException> explain(String source, Optional<LockEntry> locked, Set<String> misses,
      RemoteCache remote, AirlockException cause) {
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    locked.get().files().forEach((path, digest) -> {
      if (misses.contains(digest)) {
        missing.add(path + " (sha256 " + digest + ")");
      }
    });
    String archive = locked.get().resolved().get("sha256");
    if (missing.isEmpty() && archive != null && misses.contains(archive)) {
      missing.add("the download of " + source + " (sha256 " + archive + ")");
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FetchException(source + ": not in the remote cache " + remote.describe() + ": "
        + String.join(", ", missing) + "; and the origin failed: " + cause.getMessage()));
  }
}
