package dev.airlock.fetch.npm;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.Parallel;
import dev.airlock.lock.LockEntry;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * The one download → verify → place path of npm sources, for a single pin (one tarball) and a
 * whole lock alike: the tarballs go side by side on the run's file pool, each from the cache when
 * the lock knows its sha256, each checked against its integrity before it counts, each written
 * straight to its path in staging (staging is thrown away when anything fails).
 */
final class Tarballs {
  private Tarballs() {}

  /** Vendor paths → sha256, and the bytes. */
  record Placed(SortedMap<String, String> files, long bytes) {}

  static Placed fetch(String source, List<Tarball> tarballs, Optional<LockEntry> locked, Path staging,
      RequestAuth auth, FetchContext ctx) {
    List<Downloads.Result> results = Parallel.map(ctx.files(), tarballs, t -> {
      Path target = staging.resolve(t.vendorPath());
      try {
        Files.createDirectories(target.getParent());
      } catch (IOException e) {
        throw new FetchException(source + ": cannot write the download: " + e.getMessage());
      }
      Optional<String> pinned = locked.map(l -> l.files().get(t.vendorPath()));
      Downloads.Result d = Downloads.file(ctx, source + " " + t.id(), t.url(), auth, pinned, "fetch.lock", target,
          List.of(t.integrity().jdkName()));
      t.integrity().verify(source + ": " + t.id(), d.digest(t.integrity().jdkName()));
      return d;
    });
    SortedMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    for (int i = 0; i < tarballs.size(); i++) {
      files.put(tarballs.get(i).vendorPath(), results.get(i).sha256());
      bytes += results.get(i).size();
    }
    return new Placed(files, bytes);
  }

  /** A tarball URL must carry no user-info and be https (plain http only to loopback). */
  static HttpUrl checkedUrl(String source, String id, HttpUrl url) {
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new FetchException(source + ": the tarball URL of " + id + " carries credentials; refusing it");
    }
    if (!url.isHttps() && !Origin.of(url).isLoopback()) {
      throw new FetchException(source + ": the tarball of " + id + " is on plain http (" + Urls.redact(url) + ")");
    }
    return url;
  }
}
