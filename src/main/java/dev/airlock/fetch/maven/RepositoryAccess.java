package dev.airlock.fetch.maven;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.AllowedHosts;
import dev.airlock.fetch.FetchContext;
import dev.airlock.net.Document;
import dev.airlock.net.Download;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * How a closure reaches its repositories: every request goes through the run's HTTP transport
 * with the source's credentials for its own origin (netrc by host elsewhere), only to the allowed
 * hosts, and each file is checked against the {@code .sha1} the repository publishes beside it.
 * Remembers where every file came from (its final URL and sha256) for the lock.
 */
final class RepositoryAccess {
  private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");

  /** A file the resolver fetched: the URL it came from (credentials never in it), its sha256 and sha1 (hex). */
  record Fetched(HttpUrl url, String sha256, String sha1) {}

  /**
   * Hands a download over to the resolver in the one read it needs anyway (a copy into the
   * resolver's file), returning the sha1 of the bytes it read, which the {@code .sha1} is checked against.
   */
  @FunctionalInterface
  interface Handover {
    byte[] copy(Path downloaded) throws IOException;
  }

  private final FetchContext ctx;
  private final String name;
  private final RequestAuth auth;
  private final AllowedHosts allowed;
  private final Map<String, Fetched> byUrl = new ConcurrentHashMap<>();
  private final Map<String, Fetched> bySha256 = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<String> unchecked = new ConcurrentSkipListSet<>();
  /**
   * Runs the checksum requests. Its own threads: the callers may be the run's file pool's, waiting
   * for these, so the pool they block must not be the one that would run them.
   */
  private final ExecutorService checksums = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "airlock-maven-checksum");
    t.setDaemon(true);
    return t;
  });

  RepositoryAccess(FetchContext ctx, String name, RequestAuth auth, List<HttpUrl> repositories, List<String> hosts) {
    this.ctx = ctx;
    this.name = name;
    this.auth = auth;
    this.allowed = AllowedHosts.of(repositories, hosts);
  }

  FetchContext ctx() {
    return ctx;
  }

  RequestAuth auth() {
    return auth;
  }

  String name() {
    return name;
  }

  /** A file on neither a repository's origin nor a {@code hosts:} entry is an error naming it and its host. */
  void checkAllowed(String what, HttpUrl url) {
    if (!allowed.allows(url)) {
      throw new FetchException(what + ": " + Urls.redact(url) + " is on host " + url.host() + ":" + url.port()
          + ", which this source may not reach (allowed: " + allowed.describe() + "; add it to hosts: to allow it)");
    }
  }

  /**
   * Downloads {@code url} into {@code target} and hands it over, verified against its {@code .sha1}
   * when the repository publishes one (with the sha1 taken by {@code handover}: the file is not read
   * again to hash it). Empty when the repository has no such file.
   */
  Optional<Download> get(String what, HttpUrl url, Path target, Handover handover) {
    // The checksum is asked for alongside the file (one round trip, not two); it is only looked at
    // once the file is in, so a refused file is what an error names.
    CompletableFuture<Optional<Document>> sum = CompletableFuture.supplyAsync(() -> sha1Of(what, url), checksums);
    Optional<Download> d;
    try {
      d = download(what, url, target);
    } catch (RuntimeException e) {
      sum.cancel(false);
      throw e;
    }
    if (d.isEmpty()) {
      sum.cancel(false);
      return d;
    }
    byte[] sha1;
    try {
      sha1 = handover.copy(target);
    } catch (IOException e) {
      throw new FetchException(what + ": cannot hand the download to the resolver: " + e.getMessage());
    }
    verifySha1(what, url, sha1, join(sum));
    ctx.cacheInbox().add(target, d.get().sha256());
    ctx.listener().obtained(what, d.get().size(), false);
    Fetched f = new Fetched(d.get().finalUrl(), d.get().sha256(), HexFormat.of().formatHex(sha1));
    byUrl.put(url.toString(), f);
    bySha256.putIfAbsent(f.sha256(), f);
    return d;
  }

  /**
   * Whether the repository has {@code url} (the resolver's existence check): downloaded into
   * {@code target} and thrown away, so neither checked, cached nor recorded.
   */
  Optional<Download> peek(String what, HttpUrl url, Path target) {
    return download(what, url, target);
  }

  private Optional<Download> download(String what, HttpUrl url, Path target) {
    if (ctx.offline()) {
      throw new FetchException(what + ": resolving needs " + Urls.redact(url)
          + " and --offline was given (fetch once online; then fetch.lock pins the files)");
    }
    checkAllowed(what, url);
    Optional<Download> d = ctx.http().downloadIfPresent(what, url, auth, target,
        (done, total) -> ctx.listener().progress(what, done, total));
    if (d.isPresent()) {
      checkAllowed(what, d.get().finalUrl());
    }
    return d;
  }

  private static HttpUrl sha1Url(HttpUrl url) {
    return url.newBuilder().setPathSegment(url.pathSize() - 1, Urls.fileName(url, "") + ".sha1").build();
  }

  private Optional<Document> sha1Of(String what, HttpUrl url) {
    return ctx.http().document(what, sha1Url(url), auth, null, 4096, true);
  }

  private static Optional<Document> join(CompletableFuture<Optional<Document>> sum) {
    try {
      return sum.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /** After the file itself: a failure to get the file blames the file, not a checksum probe. */
  private void verifySha1(String what, HttpUrl url, byte[] sha1, Optional<Document> doc) {
    HttpUrl sumUrl = sha1Url(url);
    if (doc.isEmpty()) {
      unchecked.add(Urls.fileName(url, ""));
      return;
    }
    String text = doc.get().text().strip();
    String hex = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
    if (!SHA1.matcher(hex).matches()) {
      throw new FetchException(what + ": " + Urls.redact(sumUrl) + " is not a sha1 checksum (a login page?)");
    }
    Checksums.verify(what, url, sha1, new Checksums.Published(Checksums.ALGORITHMS.get(2), hex.toLowerCase(Locale.ROOT)));
  }

  Optional<Fetched> fetched(HttpUrl url) {
    return Optional.ofNullable(byUrl.get(url.toString()));
  }

  Optional<Fetched> fetchedBySha256(String sha256) {
    return Optional.ofNullable(bySha256.get(sha256));
  }

  /** Stops the checksum threads (idle ones end by themselves too). */
  void close() {
    checksums.shutdownNow();
  }

  /** Files the repository published no {@code .sha1} for (checked by nothing but the lock from now on). */
  List<String> unchecked() {
    return List.copyOf(unchecked);
  }
}
