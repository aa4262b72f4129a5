package dev.airlock.fetch;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.net.Document;
import dev.airlock.net.Download;
import dev.airlock.net.Urls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The one way backends get a file by URL: from the content cache when its hash is known, else
 * downloaded (hashing while streaming), verified against {@code expectedSha256}, then handed to the
 * cache inbox (cached once the run's scan passes).
 */
public final class Downloads {
  private Downloads() {}

  /** Documents (index pages, metadata, packuments) are capped at this size. */
  public static final long MAX_DOCUMENT = 64L * 1024 * 1024;

  /**
   * A document that resolution needs (never cached: it may move). With {@code absentOk}, a 404 or
   * 410 gives empty. Fails under {@code --offline}.
   */
  public static Optional<Document> document(FetchContext ctx, String what, HttpUrl url, RequestAuth auth,
      String accept, long maxBytes, boolean absentOk) {
    if (ctx.offline()) {
      throw new FetchException(what + ": resolving needs " + Urls.redact(url)
          + " and --offline was given (fetch once online; then fetch.lock pins the files)");
    }
    return ctx.http().document(what, url, auth, accept, maxBytes, absentOk);
  }

  /** Where the file came from: {@code finalUrl} is empty for a cache hit. */
  public record Result(String sha256, long size, Optional<HttpUrl> finalUrl, boolean fromCache) {}

  public static Result file(FetchContext ctx, String what, HttpUrl url, RequestAuth auth,
      Optional<String> expectedSha256, String pinnedBy, Path target) {
    if (expectedSha256.isPresent() && ctx.cache().copyTo(expectedSha256.get(), target)) {
      ctx.listener().debug(what + ": " + Urls.redact(url) + " from the cache");
      long size;
      try {
        size = Files.size(target);
      } catch (java.io.IOException e) {
        size = 0;
      }
      ctx.listener().obtained(what, size, true);
      return new Result(expectedSha256.get().toLowerCase(java.util.Locale.ROOT), size, Optional.empty(), true);
    }
    if (ctx.offline()) {
      throw new FetchException(what + ": " + Urls.redact(url) + " is not in the cache and --offline was given");
    }
    Download d = ctx.http().download(what, url, auth, target,
        (done, total) -> ctx.listener().progress(what, done, total));
    if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(d.sha256())) {
      throw new FetchException(what + ": sha256 mismatch for " + Urls.redact(url) + ": expected "
          + expectedSha256.get() + ", got " + d.sha256() + " (pinned by " + pinnedBy + ")");
    }
    ctx.cacheInbox().add(target, d.sha256());
    ctx.listener().obtained(what, d.size(), false);
    return new Result(d.sha256(), d.size(), Optional.of(d.finalUrl()), false);
  }
}
