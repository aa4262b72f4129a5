package dev.airlock.fetch.maven;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.FileDigest;
import dev.airlock.fetch.Fetcher;
import dev.airlock.fetch.LinkedAuth;
import dev.airlock.fetch.maven.MavenFiles.Entry;
import dev.airlock.fetch.Parallel;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.MavenPomSource;
import dev.airlock.manifest.PomReactor;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * {@code maven: { pom: ... }} sources: the closure {@code mvn package} of the project needs,
 * resolved by Maven's own resolver ({@link ClosureResolver}) through airlock's HTTP transport,
 * vendored in repository layout under {@code maven/}. With an unchanged lock entry the resolver is
 * not run at all: every locked file is fetched by its URL and sha256 (from the cache when there),
 * through the same path as a single pin.
 */
public final class MavenClosureFetcher implements Fetcher<MavenPomSource> {
  static final String ROOT = MavenFetcher.ROOT;
  /** Lock keys: {@code url.PATH} (PATH under {@code maven/}) gives the URL each vendored file came from. */
  static final String URL = "url.";

  @Override
  public Class<MavenPomSource> sourceType() {
    return MavenPomSource.class;
  }

  @Override
  public String root(MavenPomSource source) {
    return ROOT;
  }

  @Override
  public FetchedSource fetch(MavenPomSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    List<HttpUrl> repos = source.repositories().stream().map(HttpUrl::get).toList();
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), repos.get(0)), repos.get(0));
    RepositoryAccess access = new RepositoryAccess(ctx, source.name(), auth, repos, source.hosts());
    List<Entry> entries;
    try {
      entries = locked.isPresent() ? fromLock(source, locked.get()) : resolve(source, access, repos);
    } finally {
      access.close();
    }
    SortedMap<String, String> resolved = new TreeMap<>();
    SortedMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    for (MavenFiles.Placed p : Parallel.map(ctx.files(), entries, e -> obtain(source, access, staging, e))) {
      resolved.put(URL + p.entry().vendorPath().substring(ROOT.length() + 1), Urls.redact(p.entry().url()));
      files.putAll(p.files());
      bytes += p.size();
    }
    for (int i = 0; i < repos.size(); i++) {
      resolved.put("repository." + (i + 1), Urls.redact(repos.get(i)));
    }
    List<String> unchecked = access.unchecked();
    if (!unchecked.isEmpty()) {
      ctx.listener().warn(source.name() + ": the repository publishes no .sha1 for " + unchecked.size() + " file(s) (e.g. "
          + unchecked.get(0) + "); fetch.lock pins them from now on");
    }
    return FetchedSource.sharedFolder(source.name(), source.kind(), ROOT, staging, resolved, files, bytes);
  }

  /** The shared path; a locked file is checked against the lock's sha256 (no checksum probe). */
  private static MavenFiles.Placed obtain(MavenPomSource source, RepositoryAccess access, Path staging, Entry e) {
    String what = source.name() + " " + e.vendorPath().substring(ROOT.length() + 1);
    return MavenFiles.obtain(access.ctx(), what, staging, e, access.auth(), u -> access.checkAllowed(what, u),
        MavenFiles.Check.NONE);
  }

  /** Every file the lock records, by its URL and sha256: the resolver is not needed. */
  private static List<Entry> fromLock(MavenPomSource source, LockEntry locked) {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, String> f : locked.files().entrySet()) {
      if (f.getKey().endsWith(".sha1") && locked.files().containsKey(f.getKey().substring(0, f.getKey().length() - 5))) {
        continue;
      }
      String url = locked.resolved().get(URL + f.getKey().substring(ROOT.length() + 1));
      HttpUrl u = url == null ? null : HttpUrl.parse(url);
      if (u == null) {
        throw new FetchException(source.name() + ": fetch.lock records no URL for " + f.getKey()
            + "; run airlock update " + source.name());
      }
      out.add(new Entry(f.getKey(), u, Optional.of(f.getValue()), Optional.empty()));
    }
    return out;
  }

  /** Runs the resolver into a local repository of this run; every file it holds afterwards is an entry. */
  private static List<Entry> resolve(MavenPomSource source, RepositoryAccess access, List<HttpUrl> repos) {
    FetchContext ctx = access.ctx();
    Path local = ctx.tempDir().resolve("repository");
    List<Path> poms;
    try {
      poms = PomReactor.poms(source.pom());
    } catch (PomReactor.Unreadable e) {
      throw new FetchException(source.name() + ": " + e.getMessage());
    }
    ResolverSession rs = new ResolverSession(access, repos, local, 8);
    Properties system = new Properties();
    System.getProperties().forEach(system::put);
    List<ProjectModels.Project> projects = ProjectModels.build(source.name(),
        poms, new RepositoryModelResolver(rs.system, rs.session, rs.repositories), system);
    int artifacts = new ClosureResolver(rs, ctx, source.name()).resolve(projects);
    ctx.listener().debug(source.name() + ": " + projects.size() + " module(s), " + artifacts + " artifact(s) resolved");
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(local)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = local.relativize(p).toString().replace('\\', '/');
        if (!vendored(p.getFileName().toString())) {
          continue;
        }
        RepositoryAccess.Fetched f = remote(access, repos, rel, p).orElseThrow(() -> new FetchException(source.name()
            + ": the resolver produced " + rel + " without downloading it"));
        out.add(new Entry(ROOT + "/" + rel, f.url(), Optional.of(f.sha256()),
            Optional.of(new MavenFiles.Local(p, f.sha1()))));
      }
    } catch (IOException e) {
      throw new FetchException(source.name() + ": cannot read the resolver's downloads: " + e.getMessage());
    }
    return out;
  }

  /**
   * Where a file of the local repository came from and its digests, as taken while it arrived. A
   * file no URL gave (a SNAPSHOT's copy under its base name) is matched by content: read once for that.
   */
  private static Optional<RepositoryAccess.Fetched> remote(RepositoryAccess access, List<HttpUrl> repos, String rel,
      Path file) {
    for (HttpUrl repo : repos) {
      HttpUrl u = HttpUrl.get((repo.toString().endsWith("/") ? repo.toString() : repo + "/") + rel);
      Optional<RepositoryAccess.Fetched> f = access.fetched(u);
      if (f.isPresent()) {
        return Optional.of(new RepositoryAccess.Fetched(u, f.get().sha256(), f.get().sha1()));
      }
    }
    return access.fetchedBySha256(FileDigest.hex(file, "SHA-256"));
  }

  /** The resolver's own bookkeeping stays out of vendor. */
  static boolean vendored(String fileName) {
    return !(fileName.equals("_remote.repositories") || fileName.endsWith(".lastUpdated")
        || fileName.equals("resolver-status.properties") || fileName.startsWith("maven-metadata")
        || fileName.endsWith(".sha1") || fileName.endsWith(".md5") || fileName.endsWith(".part")
        || fileName.endsWith(".lock"));
  }
}
