package dev.airlock.cache;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.net.Download;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.Urls;
import dev.airlock.placement.AtomicFiles;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A shared cache on Bazel's HTTP remote cache protocol: {@code GET/HEAD/PUT {base}/cas/{sha256}}
 * (bazel-remote, nginx with WebDAV, ...). Requests carry only the cache's own credential
 * ({@code auth}, bound to the cache's origin), through its own {@link HttpTransport} (short
 * timeouts, few retries: a slow cache must not hold a run back).
 */
public final class RemoteCache {
  /** What a lookup gave: the content (verified), nothing, or an answer that must not be used. */
  public record Lookup(boolean hit, Optional<String> problem) {
    static final Lookup HIT = new Lookup(true, Optional.empty());
    static final Lookup MISS = new Lookup(false, Optional.empty());

    static Lookup refused(String problem) {
      return new Lookup(false, Optional.of(problem));
    }
  }

  private final HttpUrl base;
  private final RequestAuth auth;
  private final HttpTransport http;
  private final boolean write;

  public RemoteCache(HttpUrl base, RequestAuth auth, HttpTransport http, boolean write) {
    this.base = base;
    this.auth = auth;
    this.http = http;
    this.write = write;
  }

  public boolean write() {
    return write;
  }

  /** For messages: the cache's URL without credentials or query. */
  public String describe() {
    return Urls.redact(base);
  }

  HttpUrl cas(String sha256) {
    String hex = sha256.toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256");
    }
    HttpUrl.Builder b = base.newBuilder();
    var segs = base.pathSegments();
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
      b.removePathSegment(segs.size() - 1);
    }
    return b.addPathSegment("cas").addPathSegment(hex).build();
  }

  /**
   * Downloads the content with this hash into {@code target}, hashing while streaming. Anything but
   * exactly that content (another hash, a truncated body, an error) leaves no file behind.
   */
  public Lookup get(String sha256, Path target) {
    try {
      Optional<Download> d = http.downloadIfPresent("remote cache", cas(sha256), auth, target, (done, total) -> { });
      if (d.isEmpty()) {
        return Lookup.MISS;
      }
      if (!d.get().sha256().equalsIgnoreCase(sha256)) {
        AtomicFiles.deleteQuietly(target);
        return Lookup.refused("remote cache " + describe() + " answered for " + sha256
            + " with other content (sha256 " + d.get().sha256() + ", " + d.get().size() + " bytes)");
      }
      return Lookup.HIT;
    } catch (AirlockException e) {
      AtomicFiles.deleteQuietly(target);
      return Lookup.refused(e.getMessage());
    }
  }

  /** {@code HEAD}: true when present (2xx), false on 404/410; anything else fails. */
  public boolean has(String sha256) {
    int code = http.send("remote cache", "HEAD", cas(sha256), auth, null);
    if (code >= 200 && code < 300) {
      return true;
    }
    if (code == 404 || code == 410) {
      return false;
    }
    throw new FetchException("remote cache: HTTP " + code + " from " + Urls.redact(cas(sha256)));
  }

  /** {@code PUT} of a verified file under its hash (idempotent: the same key always has the same content). */
  public void put(String sha256, Path file) {
    int code = http.send("remote cache", "PUT", cas(sha256), auth, file);
    if (code < 200 || code >= 300) {
      throw new FetchException("remote cache: HTTP " + code + " for PUT " + Urls.redact(cas(sha256)));
    }
  }

  /** Ctrl-C: stop the cache's transfers too. */
  public void abort() {
    http.abort();
  }

  public void close() {
    http.close();
  }
}
