package dev.airlock.fetch.http;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Fetcher;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.HttpSource;
import dev.airlock.net.Urls;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.SafeExtractor;
import dev.airlock.placement.SafeName;
import dev.airlock.placement.TreeHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code http:} sources: one file into {@code files/NAME/FILE}, or with {@code extract: true} the
 * unpacked tree into {@code files/NAME/}. The sha256 checked is the manifest's, else the locked one.
 */
public final class HttpFetcher implements Fetcher<HttpSource> {

  @Override
  public Class<HttpSource> sourceType() {
    return HttpSource.class;
  }

  @Override
  public FetchedSource.Placement placement() {
    return FetchedSource.Placement.FOLDER;
  }

  @Override
  public String root(HttpSource source) {
    return "files/" + source.name();
  }

  @Override
  public FetchedSource fetch(HttpSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    HttpUrl url = HttpUrl.get(source.url());
    String fileName = safeFileName(Urls.fileName(url, source.name()));
    String root = root(source);
    Path dest = staging.resolve(root);
    // A plain file is downloaded where it will be placed; an archive goes to temp and is unpacked.
    Path tmp = source.extract() ? ctx.tempDir().resolve(source.name() + ".download") : dest.resolve(fileName);
    RequestAuth auth = ctx.credentials().forSource(source.credentials(), url);
    try {
      if (source.extract() && !SafeExtractor.supports(fileName)) {
        throw new FetchException(source.name() + ": cannot extract " + fileName
            + ": supported archives are .tar.gz, .tgz, .tar and .zip");
      }
      Files.createDirectories(source.extract() ? dest.getParent() : dest);
      Optional<String> expected = source.sha256().or(() -> locked.map(l -> l.resolved().get("sha256")));
      Downloads.Result d = Downloads.file(ctx, source.name(), url, auth, expected,
          source.sha256().isPresent() ? "the manifest" : "fetch.lock", tmp);
      SortedMap<String, String> resolved = new TreeMap<>();
      resolved.put("url", Urls.redact(url));
      d.finalUrl().filter(f -> !f.equals(url)).ifPresent(f -> resolved.put("finalUrl", Urls.redact(f)));
      if (d.finalUrl().isEmpty()) {
        locked.map(l -> l.resolved().get("finalUrl")).ifPresent(f -> resolved.put("finalUrl", f));
      }
      resolved.put("sha256", d.sha256());
      Map<String, String> files;
      if (source.extract()) {
        new SafeExtractor(ctx.extractLimits()).extract(tmp, fileName, dest);
        files = TreeHasher.hashTree(staging, dest);
        AtomicFiles.deleteQuietly(tmp);
      } else {
        files = Map.of(root + "/" + fileName, d.sha256()); // hashed while downloading
      }
      return FetchedSource.of(source.name(), source.kind(), root, staging, resolved, files, d.size());
    } catch (IOException e) {
      throw new FetchException(source.name() + ": cannot write the download: " + e.getMessage());
    }
  }

  /**
   * A last URL segment usable as a file name: one that {@link SafeName} lets into the vendor dir on
   * every platform and that is not hidden; anything else is saved as {@code download}.
   */
  static String safeFileName(String name) {
    return SafeName.problem(name) != null || name.startsWith(".") ? "download" : name;
  }
}
