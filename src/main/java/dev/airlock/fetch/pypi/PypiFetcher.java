package dev.airlock.fetch.pypi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.credentials.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.ControlChars;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Parallel;
import dev.airlock.fetch.Fetcher;
import dev.airlock.fetch.LinkedAuth;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.PypiSource;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import dev.airlock.vendor.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code pypi:} sources: resolves {@code NAME==VERSION} through the index's Simple API project page
 * and vendors the selected distribution files flat into {@code pypi/}, each verified against the
 * sha256 the index gives before it is placed. With a lock entry whose files are all in the cache
 * nothing is requested; otherwise the page is read again and must list the same files with the
 * same hashes.
 */
public final class PypiFetcher implements Fetcher<PypiSource> {
  static final String ROOT = "pypi";
  private final SimpleIndexParser parser = new SimpleIndexParser(new ObjectMapper());

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
    HttpUrl index = HttpUrl.get(source.index());
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), index), index);
    SortedMap<String, String> resolved = new TreeMap<>();
    Map<String, HttpUrl> urls = new TreeMap<>();
    Map<String, String> hashes = new TreeMap<>();
    if (locked.isPresent() && allCached(locked.get(), ctx)) {
      resolved.putAll(locked.get().resolved());
      locked.get().files().forEach((path, sha) -> hashes.put(path.substring(ROOT.length() + 1), sha));
    } else {
      HttpUrl pageUrl = projectPage(index, source.normalizedProject());
      Document page = Downloads.document(ctx, source.name(), pageUrl, auth, SimpleIndexParser.ACCEPT,
          Downloads.MAX_DOCUMENT, false).orElseThrow();
      String where = Urls.redact(page.finalUrl());
      for (IndexFile f : FileSelection.select(source, where, parser.parse(source.name(), page))) {
        checkLink(source, f);
        urls.put(f.fileName(), f.url());
        hashes.put(f.fileName(), f.sha256().orElseThrow(() -> new FetchException(source.name() + ": " + where
            + " gives no sha256 for " + f.fileName() + "; airlock verifies every file against the index's hash")));
        resolved.put("url." + f.fileName(), Urls.redact(f.url()));
      }
      resolved.put("project", source.normalizedProject());
      resolved.put("version", source.version().canonical());
      resolved.put("index", where);
      locked.ifPresent(l -> sameAsLock(source, l, hashes));
    }
    return place(source, staging, ctx, auth, urls, hashes, resolved);
  }

  private FetchedSource place(PypiSource source, Path staging, FetchContext ctx, RequestAuth auth,
      Map<String, HttpUrl> urls, Map<String, String> hashes, SortedMap<String, String> resolved) {
    SortedMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    Path dir;
    try {
      dir = Files.createDirectories(staging.resolve(ROOT));
    } catch (IOException e) {
      throw new FetchException(source.name() + ": cannot write the download: " + e.getMessage());
    }
    List<Downloads.Result> results = Parallel.map(ctx.files(), List.copyOf(hashes.keySet()), file -> {
      Path tmp = ctx.tempDir().resolve(file);
      HttpUrl url = Optional.ofNullable(urls.get(file))
          .or(() -> Optional.ofNullable(HttpUrl.parse(resolved.getOrDefault("url." + file, ""))))
          .orElseThrow(() -> new FetchException(source.name() + ": fetch.lock has no URL for " + file));
      Downloads.Result d = Downloads.file(ctx, source.name() + " " + file, url, auth, Optional.of(hashes.get(file)),
          urls.containsKey(file) ? "the index" : "fetch.lock", tmp);
      try {
        AtomicFiles.move(tmp, dir.resolve(file));
      } catch (IOException e) {
        throw new FetchException(source.name() + ": cannot write the download: " + e.getMessage());
      }
      return d;
    });
    int i = 0;
    for (String file : hashes.keySet()) {
      Downloads.Result d = results.get(i++);
      files.put(ROOT + "/" + file, d.sha256());
      bytes += d.size();
    }
    return FetchedSource.sharedFolder(source.name(), source.kind(), ROOT, staging, resolved, files, bytes);
  }

  private static boolean allCached(LockEntry locked, FetchContext ctx) {
    return !locked.files().isEmpty() && locked.files().entrySet().stream()
        .allMatch(f -> f.getKey().startsWith(ROOT + "/") && ctx.cache().contains(f.getValue()));
  }

  /** A file link must be https (http only to loopback) and carry no user-info. */
  private static void checkLink(PypiSource source, IndexFile f) {
    if (!DistFileName.SAFE.matcher(f.fileName()).matches()) {
      throw new FetchException(source.name() + ": refusing file name " + ControlChars.escape(f.fileName()));
    }
    if (!f.url().username().isEmpty() || !f.url().password().isEmpty()) {
      throw new FetchException(source.name() + ": the index links " + f.fileName() + " with credentials in the URL");
    }
    if (!f.url().isHttps() && !Origin.of(f.url()).isLoopback()) {
      throw new FetchException(source.name() + ": the index links " + f.fileName() + " over plain http ("
          + Urls.redact(f.url()) + ")");
    }
  }

  /** The page must still list exactly the locked files with the locked hashes. */
  private static void sameAsLock(PypiSource source, LockEntry locked, Map<String, String> hashes) {
    Map<String, String> want = new TreeMap<>();
    locked.files().forEach((p, sha) -> want.put(p.substring(p.indexOf('/') + 1), sha));
    if (!want.equals(hashes)) {
      throw new FetchException(source.name() + ": the index no longer matches fetch.lock for "
          + source.normalizedProject() + "==" + source.version() + " (locked: " + String.join(", ", want.keySet())
          + "; now: " + String.join(", ", hashes.keySet()) + ", or different sha256)");
    }
  }
}
