package dev.airlock.fetch;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.net.Document;
import dev.airlock.net.Download;
import dev.airlock.net.Urls;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The one way backends get a file by URL: from the content cache when its hash is known, else
 * downloaded, verified against {@code expectedSha256}, then handed to the cache inbox (cached once
 * the run's scan passes). Either way the bytes are written, hashed and scanned in one pass.
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

  /**
   * Where the file came from: {@code finalUrl} is empty for a cache hit. {@code digests} holds the
   * extra digests asked for, by JDK name ({@code SHA-1}, {@code SHA-512}), taken in the same pass.
   */
  public record Result(String sha256, long size, Optional<HttpUrl> finalUrl, boolean fromCache,
      Map<String, byte[]> digests) {
    public Result(String sha256, long size, Optional<HttpUrl> finalUrl, boolean fromCache) {
      this(sha256, size, finalUrl, fromCache, Map.of());
    }

    /** An extra digest asked for by its JDK name. */
    public byte[] digest(String algorithm) {
      byte[] d = digests.get(algorithm);
      if (d == null) {
        throw new IllegalArgumentException(algorithm + " was not asked for");
      }
      return d.clone();
    }
  }

  public static Result file(FetchContext ctx, String what, HttpUrl url, RequestAuth auth,
      Optional<String> expectedSha256, String pinnedBy, Path target) {
    return file(ctx, what, url, auth, expectedSha256, pinnedBy, target, List.of());
  }

  /**
   * One pass over the bytes, from the cache or the network: written to {@code target}, hashed
   * (sha256 and {@code algorithms}) and scanned for the run's credentials ({@link ArrivalScan}).
   */
  public static Result file(FetchContext ctx, String what, HttpUrl url, RequestAuth auth,
      Optional<String> expectedSha256, String pinnedBy, Path target, List<String> algorithms) {
    ArrivalScan.Tap tap = ctx.arrivals().tap(target, algorithms);
    if (expectedSha256.isPresent()) {
      Optional<Result> hit = fromCache(ctx, expectedSha256.get().toLowerCase(Locale.ROOT), target, tap);
      if (hit.isPresent()) {
        ctx.listener().debug(what + ": " + Urls.redact(url) + " from the cache");
        ctx.listener().obtained(what, hit.get().size(), true);
        return hit.get();
      }
    }
    if (ctx.offline()) {
      throw new FetchException(what + ": " + Urls.redact(url) + " is not in the cache and --offline was given");
    }
    Download d = ctx.http().download(what, url, auth, target,
        (done, total) -> ctx.listener().progress(what, done, total), tap);
    if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(d.sha256())) {
      throw new FetchException(what + ": sha256 mismatch for " + Urls.redact(url) + ": expected "
          + expectedSha256.get() + ", got " + d.sha256() + " (pinned by " + pinnedBy + ")");
    }
    tap.finish(d.sha256());
    ctx.cacheInbox().add(target, d.sha256());
    ctx.listener().obtained(what, d.size(), false);
    return new Result(d.sha256(), d.size(), Optional.of(d.finalUrl()), false, tap.digests());
  }

  /**
   * The cached entry copied to {@code target} in one read that also hashes and scans it; empty when
   * absent or corrupt (a corrupt entry is dropped).
   */
  private static Optional<Result> fromCache(FetchContext ctx, String sha256, Path target, ArrivalScan.Tap tap) {
    Optional<Path> entry = ctx.cache().path(sha256);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    MessageDigest sha = HashingCopy.sha256();
    long size;
    tap.restart();
    try {
      Files.createDirectories(target.getParent());
      try (InputStream in = Files.newInputStream(entry.get());
          OutputStream out = Files.newOutputStream(target)) {
        HashingCopy copy = new HashingCopy(in, out, sha, tap);
        tap.consume(copy);
        size = copy.drain();
      }
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(target);
      return Optional.empty();
    }
    String got = HexFormat.of().formatHex(sha.digest());
    if (!got.equals(sha256)) {
      ctx.cache().drop(sha256);
      AtomicFiles.deleteQuietly(target);
      return Optional.empty();
    }
    tap.finish(sha256);
    return Optional.of(new Result(sha256, size, Optional.empty(), true, tap.digests()));
  }
}
