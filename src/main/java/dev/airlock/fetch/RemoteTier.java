package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote cache as the second tier of a run's content cache (local, then remote, then the
 * origin): each hash is asked for once per run, the answer is verified against that hash while it
 * streams into the run's folder, and a hit goes to the {@link CacheInbox} (so it reaches the local
 * cache only after the run's scan). A wrong, truncated or failed answer is a warning and a miss:
 * the backend then asks the origin.
 */
final class RemoteTier implements ContentCache.Fallback {
  private final RemoteCache remote;
  private final Path dir;
  private final CacheInbox inbox;
  private final FetchListener listener;
  private final Map<String, CompletableFuture<Optional<Path>>> answers = new ConcurrentHashMap<>();
  private final Set<String> hits = ConcurrentHashMap.newKeySet();
  private final Set<String> misses = ConcurrentHashMap.newKeySet();

  RemoteTier(RemoteCache remote, Path dir, CacheInbox inbox, FetchListener listener) {
    this.remote = remote;
    this.dir = dir;
    this.inbox = inbox;
    this.listener = listener;
  }

  @Override
  public Optional<Path> find(String sha256) {
    String key = sha256.toLowerCase(Locale.ROOT);
    CompletableFuture<Optional<Path>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Path>> first = answers.putIfAbsent(key, mine);
    if (first != null) {
      return first.join();
    }
    Optional<Path> answer = Optional.empty();
    try {
      answer = ask(key);
    } finally {
      mine.complete(answer);
    }
    return answer;
  }

  private Optional<Path> ask(String key) {
    Path part = dir.resolve(key + ".part");
    Path file = dir.resolve(key);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      misses.add(key);
      return Optional.empty();
    }
    RemoteCache.Lookup l = remote.get(key, part);
    if (!l.hit()) {
      misses.add(key);
      l.problem().ifPresentOrElse(p -> listener.warn(p + "; asking the origin instead"),
          () -> listener.debug("remote cache: " + key + " not there"));
      return Optional.empty();
    }
    try {
      AtomicFiles.move(part, file);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(part);
      misses.add(key);
      return Optional.empty();
    }
    hits.add(key);
    listener.debug("remote cache: " + key + " from " + remote.describe());
    inbox.add(file, key);
    return Optional.of(file);
  }

  /** Hashes the remote cache had this run (verified): no need to upload them. */
  Set<String> hits() {
    return Set.copyOf(hits);
  }

  /** Hashes asked for and not (usably) there. */
  Set<String> misses() {
    return Set.copyOf(misses);
  }
}
