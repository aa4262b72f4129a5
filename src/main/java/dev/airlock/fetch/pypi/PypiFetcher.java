package dev.airlock.fetch.pypi;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.ControlChars;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.AllowedHosts;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Fetcher;
import dev.airlock.fetch.LinkedAuth;
import dev.airlock.fetch.Parallel;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.PypiSource;
import dev.airlock.net.Urls;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code pypi:} sources, one path for all three inputs: plan the files ({@link ClosurePlanner}: a
 * single pin, a hashed requirements file, a pylock), check each URL against the allowed hosts,
 * download them side by side, each verified against its pinned sha256, into {@code pypi/} (flat,
 * shared by every pypi source). With a lock entry whose files are all in the cache nothing is
 * requested; otherwise the plan is made again and must give the locked files with the locked
 * hashes.
 */
public final class PypiFetcher implements Fetcher<PypiSource> {
  static final String ROOT = "pypi";
  private final ClosurePlanner planner = new ClosurePlanner();

  @Override
  public Class<PypiSource> sourceType() {
    return PypiSource.class;
  }

  @Override
  public String root(PypiSource source) {
    return ROOT;
  }

  /** {@code INDEX/NORMALISED-NAME/}, as pip builds it. */
  static HttpUrl projectPage(HttpUrl index, String normalized) {
    HttpUrl.Builder b = index.newBuilder();
    List<String> segs = index.pathSegments();
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
      b.removePathSegment(segs.size() - 1);
    }
    return b.addPathSegment(normalized).addPathSegment("").query(null).build();
  }

  @Override
  public FetchedSource fetch(PypiSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    Optional<HttpUrl> index = source.indexUrl().map(HttpUrl::get);
    // the source's credential belongs to the index, else (a pylock without one) to the first hosts: entry
    HttpUrl primary = index.or(() -> AllowedHosts.firstHostUrl(source.hosts()))
        .orElseThrow(() -> new FetchException(source.name() + ": no index and no hosts"));
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), primary), primary);
    List<PlannedFile> files;
    SortedMap<String, String> resolved;
    if (locked.isPresent() && allCached(locked.get(), ctx)) {
      resolved = new TreeMap<>(locked.get().resolved());
      files = fromLock(source, locked.get());
    } else {
      ClosurePlanner.Plan plan = planner.plan(source, index, auth, ctx);
      files = plan.files();
      resolved = plan.resolved();
      locked.ifPresent(l -> sameAsLock(source, l, files));
    }
    if (source.closure() || !source.hosts().isEmpty()) {
      AllowedHosts allowed = AllowedHosts.of(index.map(List::of).orElse(List.of()), source.hosts());
      for (PlannedFile f : files) {
        if (!allowed.allows(f.url())) {
          throw new FetchException(source.name() + ": " + f.fileName() + (f.purl().isEmpty() ? "" : " (" + f.purl() + ")")
              + " is on " + Origin.of(f.url()) + ", which the source may not reach (allowed: " + allowed.describe()
              + "); add the host to hosts: if it is right");
        }
      }
    }
    return place(source, staging, ctx, auth, files, resolved);
  }

  private FetchedSource place(PypiSource source, Path staging, FetchContext ctx, RequestAuth auth,
      List<PlannedFile> planned, SortedMap<String, String> resolved) {
    Path dir;
    try {
      dir = Files.createDirectories(staging.resolve(ROOT));
    } catch (IOException e) {
      throw new FetchException(source.name() + ": cannot write the download: " + e.getMessage());
    }
    List<Downloads.Result> results = Parallel.map(ctx.files(), planned, f -> {
      Path tmp = ctx.tempDir().resolve(f.fileName());
      Downloads.Result d = Downloads.file(ctx, source.name() + " " + f.fileName(), f.url(), auth,
          Optional.of(f.sha256()), f.pinnedBy(), tmp);
      try {
        AtomicFiles.move(tmp, dir.resolve(f.fileName()));
      } catch (IOException e) {
        throw new FetchException(source.name() + ": cannot write the download: " + e.getMessage());
      }
      return d;
    });
    SortedMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    for (int i = 0; i < planned.size(); i++) {
      files.put(ROOT + "/" + planned.get(i).fileName(), results.get(i).sha256());
      bytes += results.get(i).size();
    }
    return FetchedSource.sharedFolder(source.name(), source.kind(), ROOT, staging, resolved, files, bytes);
  }

  /** The locked files, from the URLs the lock recorded. */
  private static List<PlannedFile> fromLock(PypiSource source, LockEntry locked) {
    List<PlannedFile> out = new ArrayList<>();
    locked.files().forEach((path, sha) -> {
      String file = path.substring(ROOT.length() + 1);
      HttpUrl url = HttpUrl.parse(locked.resolved().getOrDefault("url." + file, ""));
      if (url == null) {
        throw new FetchException(source.name() + ": fetch.lock has no URL for " + file);
      }
      out.add(new PlannedFile(file, url, sha, "fetch.lock", ""));
    });
    return out;
  }

  private static boolean allCached(LockEntry locked, FetchContext ctx) {
    return !locked.files().isEmpty() && locked.files().entrySet().stream()
        .allMatch(f -> f.getKey().startsWith(ROOT + "/") && ctx.cache().contains(f.getValue()));
  }

  /** A file link must have a safe name, be https (http only to loopback) and carry no user-info. */
  static void checkLink(PypiSource source, String fileName, HttpUrl url, String from) {
    if (!DistFileName.SAFE.matcher(fileName).matches()) {
      throw new FetchException(source.name() + ": refusing file name " + fileName);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new FetchException(source.name() + ": " + from + " links " + fileName + " with credentials in the URL");
    }
    if (!url.isHttps() && !Origin.of(url).isLoopback()) {
      throw new FetchException(source.name() + ": " + from + " links " + fileName + " over plain http ("
          + Urls.redact(url) + ")");
    }
  }

  /** The plan must give exactly the locked files with the locked hashes. */
  private static void sameAsLock(PypiSource source, LockEntry locked, List<PlannedFile> files) {
    Map<String, String> want = new TreeMap<>();
    locked.files().forEach((p, sha) -> want.put(p.substring(p.indexOf('/') + 1), sha));
    Map<String, String> now = new TreeMap<>();
    files.forEach(f -> now.put(f.fileName(), f.sha256()));
    if (!want.equals(now)) {
      String what = source.input() instanceof PypiSource.Pin p
          ? PypiSource.normalize(p.project()) + "==" + p.version() : "the closure";
      throw new FetchException(source.name() + ": the index no longer matches fetch.lock for " + what
          + " (locked: " + String.join(", ", want.keySet()) + "; now: " + String.join(", ", now.keySet())
          + ", or different sha256)");
    }
  }
}
