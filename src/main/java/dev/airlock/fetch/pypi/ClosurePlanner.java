package dev.airlock.fetch.pypi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.Parallel;
import dev.airlock.manifest.Pep440Version;
import dev.airlock.manifest.PylockFile;
import dev.airlock.manifest.PypiSource;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Turns a {@code pypi:} source into the files to vendor: a single pin and a requirements file
 * through the index's project pages (read side by side, one per package), a pylock from the URLs
 * it gives. Also writes the lock's {@code resolved} record: for a closure, one
 * {@code pkg:pypi/NAME@VERSION} key per package listing its files, and {@code url.FILE} per file.
 */
final class ClosurePlanner {
  /** The files and the lock record. */
  record Plan(List<PlannedFile> files, SortedMap<String, String> resolved) {}

  private final SimpleIndexParser parser = new SimpleIndexParser(new ObjectMapper());

  Plan plan(PypiSource source, Optional<HttpUrl> index, RequestAuth auth, FetchContext ctx) {
    SortedMap<String, String> resolved = new TreeMap<>();
    index.ifPresent(i -> resolved.put("index", Urls.redact(i)));
    List<PlannedFile> files = new ArrayList<>();
    if (source.input() instanceof PypiSource.Pin pin) {
      Page page = projectPage(source, index.orElseThrow(), pin.project(), auth, ctx);
      files.addAll(page.planned(source, FileSelection.select(source.name(), pin.project(), pin.version(),
          source.files(), page.where(), page.links()), "the index", ""));
      resolved.put("project", PypiSource.normalize(pin.project()));
      resolved.put("version", pin.version().canonical());
      resolved.put("index", page.where());
    } else if (source.input() instanceof PypiSource.Requirements r) {
      resolved.put("requirements", r.path());
      // one project page per package, side by side; each file is pinned by its requirements line
      List<List<PlannedFile>> perPin = Parallel.map(ctx.files(), r.pins(), p -> {
        Page page = projectPage(source, index.orElseThrow(), p.project(), auth, ctx);
        return page.planned(source, FileSelection.byHash(source.name(), p, page.where(), page.links()), p.where(),
            purl(p.project(), p.version()));
      });
      perPin.forEach(files::addAll);
    } else {
      PypiSource.Pylock l = (PypiSource.Pylock) source.input();
      resolved.put("pylock", l.path());
      for (PylockFile.Package p : l.packages()) {
        for (PylockFile.FileRef f : p.files()) {
          files.add(pylockFile(source, l.path(), p, f));
        }
      }
    }
    Map<String, PlannedFile> byName = new LinkedHashMap<>();
    for (PlannedFile f : files) {
      PlannedFile first = byName.putIfAbsent(f.fileName(), f);
      if (first != null && !first.sha256().equals(f.sha256())) {
        throw new FetchException(source.name() + ": " + f.fileName() + " is pinned with two different sha256 ("
            + first.pinnedBy() + ", " + f.pinnedBy() + ")");
      }
    }
    SortedMap<String, TreeSet<String>> perPackage = new TreeMap<>();
    for (PlannedFile f : byName.values()) {
      resolved.put("url." + f.fileName(), Urls.redact(f.url()));
      if (!f.purl().isEmpty()) {
        perPackage.computeIfAbsent(f.purl(), k -> new TreeSet<>()).add(f.fileName());
      }
    }
    perPackage.forEach((purl, names) -> resolved.put(purl, String.join(" ", names)));
    return new Plan(List.copyOf(byName.values()), resolved);
  }

  /** A project page: its final URL (as printed) and its file links. */
  private record Page(String where, List<IndexFile> links) {
    /** The selected links as planned files; the index must give each one's sha256. */
    List<PlannedFile> planned(PypiSource source, List<IndexFile> selected, String pinnedBy, String purl) {
      List<PlannedFile> out = new ArrayList<>();
      for (IndexFile f : selected) {
        PypiFetcher.checkLink(source, f.fileName(), f.url(), "the index");
        String sha = f.sha256().orElseThrow(() -> new FetchException(source.name() + ": " + where
            + " gives no sha256 for " + f.fileName() + "; airlock verifies every file against the index's hash"));
        out.add(new PlannedFile(f.fileName(), f.url(), sha, pinnedBy, purl));
      }
      return out;
    }
  }

  /** Reads and parses {@code INDEX/NAME/}. */
  private Page projectPage(PypiSource source, HttpUrl index, String project, RequestAuth auth, FetchContext ctx) {
    HttpUrl pageUrl = PypiFetcher.projectPage(index, PypiSource.normalize(project));
    Document page = Downloads.document(ctx, source.name(), pageUrl, auth, SimpleIndexParser.ACCEPT,
        Downloads.MAX_DOCUMENT, false).orElseThrow();
    return new Page(Urls.redact(page.finalUrl()), parser.parse(source.name(), page));
  }

  private static PlannedFile pylockFile(PypiSource source, String path, PylockFile.Package p, PylockFile.FileRef f) {
    HttpUrl url = HttpUrl.parse(f.url());
    String where = path + " " + p.where();
    if (url == null) {
      throw new FetchException(source.name() + ": " + where + ": " + f.fileName() + " has no http(s) URL");
    }
    Optional<DistFileName> d = DistFileName.parse(f.fileName(), PypiSource.normalize(p.project()));
    if (d.isEmpty()) {
      throw new FetchException(source.name() + ": " + where + ": " + f.fileName()
          + " is not a wheel or sdist file name of " + p.project());
    }
    if (p.version().isPresent() && !p.version().get().matches(d.get().version())) {
      throw new FetchException(source.name() + ": " + where + ": " + f.fileName() + " is not version "
          + p.version().get());
    }
    PypiFetcher.checkLink(source, f.fileName(), url, path);
    return new PlannedFile(f.fileName(), url, f.sha256(), where, purl(p.project(), p.version().orElse(d.get().version())));
  }

  /** {@code pkg:pypi/NAME@VERSION} as the purl spec writes PyPI names (lower case, {@code -}). */
  static String purl(String project, Pep440Version version) {
    return "pkg:pypi/" + PypiSource.normalize(project) + "@"
        + version.canonical().replace("%", "%25").replace("+", "%2B").replace("!", "%21");
  }
}
