package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * After a successful run with {@code write} on: every locked file the local cache holds (so it was
 * verified and passed a scan) and the remote cache lacks ({@code HEAD} 404) is {@code PUT} there, on
 * a small pool. A failure is a warning: uploading is a favour to the next runner, never a reason to
 * fail this one. Many runners putting the same hash at once is harmless: the key is the content.
 */
final class RemoteUploads {
  static final int THREADS = 8;

  private RemoteUploads() {}

  /** The hashes a lock names: every file, and an archive's own {@code sha256} (http with extract). */
  static Set<String> digests(Lock lock) {
    Set<String> out = new TreeSet<>();
    for (LockEntry e : lock.entries().values()) {
      out.addAll(e.files().values());
      Optional.ofNullable(e.resolved().get("sha256")).ifPresent(out::add);
    }
    out.removeIf(d -> !d.matches("[0-9a-f]{64}"));
    return out;
  }

  /** Uploads what is missing; returns how many files were put. */
  static int upload(RemoteCache remote, ContentCache local, Set<String> digests, Set<String> known,
      FetchListener listener) {
    List<String> todo = digests.stream().filter(d -> !known.contains(d) && local.path(d).isPresent()).toList();
    if (todo.isEmpty()) {
      return 0;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, todo.size()), r -> {
      Thread t = new Thread(r, "airlock-upload");
      t.setDaemon(true);
      return t;
    });
    List<Future<Boolean>> futures = new ArrayList<>();
    for (String d : todo) {
      futures.add(pool.submit(() -> one(remote, local, d, listener)));
    }
    int put = 0;
    try {
      for (Future<Boolean> f : futures) {
        try {
          put += f.get() ? 1 : 0;
        } catch (ExecutionException e) {
          listener.warn("remote cache: upload failed: " + e.getCause().getClass().getSimpleName());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (put > 0) {
      listener.debug("remote cache: uploaded " + put + " file" + (put == 1 ? "" : "s") + " to " + remote.describe());
    }
    return put;
  }

  private static boolean one(RemoteCache remote, ContentCache local, String digest, FetchListener listener) {
    try {
      if (remote.has(digest)) {
        return false;
      }
      Optional<Path> file = local.path(digest);
      if (file.isEmpty()) {
        return false;
      }
      remote.put(digest, file.get());
      return true;
    } catch (RuntimeException e) {
      listener.warn("remote cache: could not upload " + digest + ": " + e.getMessage()
          + " (the fetch itself succeeded)");
      return false;
    }
  }
}
