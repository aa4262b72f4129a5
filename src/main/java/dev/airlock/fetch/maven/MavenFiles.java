package dev.airlock.fetch.maven;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import okhttp3.HttpUrl;

/**
 * The one download → verify → place path of every Maven file, a single pin's two files and a
 * closure's thousands alike: an {@link Entry} says where the file goes, where it comes from and
 * what it must hash to; the file comes from the resolver's folder (already fetched and checked),
 * the cache (by that hash) or the repository, then {@link MavenPlacer} puts it in staging.
 */
final class MavenFiles {
  private MavenFiles() {}

  /**
   * One file: {@code vendorPath} under {@code maven/}, its URL, the sha256 it must have when known
   * (the lock's, or the resolver's), and the resolver's copy when it already fetched it.
   */
  record Entry(String vendorPath, HttpUrl url, Optional<String> sha256, Optional<Path> local) {}

  /** What a download from the repository is checked against besides the expected sha256. */
  @FunctionalInterface
  interface Check {
    /** Called for a file just downloaded (not for a cache hit); returns the checksum kind checked, if any. */
    Optional<String> verify(HttpUrl url, Path downloaded);
  }

  /** A placed file: its digests (with its {@code .sha1}), size, and whether it came from the cache. */
  record Placed(Entry entry, SortedMap<String, String> files, long size, boolean fromCache, Optional<String> checked) {}

  /** {@code allowed} vets a download's URL and final URL (a closure's host list); may be a no-op. */
  static Placed obtain(FetchContext ctx, String what, Path staging, Entry e, RequestAuth auth,
      java.util.function.Consumer<HttpUrl> allowed, Check check) {
    Path tmp = ctx.tempDir().resolve("place-" + UUID.randomUUID());
    String sha256;
    long size;
    boolean fromCache = false;
    Optional<String> checked = Optional.empty();
    if (e.local().isPresent()) {
      try {
        Files.copy(e.local().get(), tmp);
        size = Files.size(tmp);
      } catch (IOException ex) {
        throw new FetchException(what + ": cannot copy the download: " + ex.getMessage());
      }
      sha256 = e.sha256().orElseThrow();
    } else {
      allowed.accept(e.url());
      Downloads.Result d = Downloads.file(ctx, what, e.url(), auth, e.sha256(), "fetch.lock", tmp);
      d.finalUrl().ifPresent(allowed);
      fromCache = d.fromCache();
      if (!fromCache) {
        checked = check.verify(e.url(), tmp);
      }
      sha256 = d.sha256();
      size = d.size();
    }
    return new Placed(e, MavenPlacer.place(what, staging, e.vendorPath(), tmp, sha256), size, fromCache, checked);
  }
}
