package dev.airlock.fetch.maven;

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
import dev.airlock.manifest.MavenSource;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code maven:} sources: the artifact and its {@code .pom}, each checked against the strongest
 * checksum the repository publishes, vendored in local-repository layout under
 * {@code maven/GROUP/PATH/ARTIFACT/VERSION/} with a {@code .sha1} beside each file and nothing
 * else ({@code _remote.repositories} would make Maven refuse the files offline). A SNAPSHOT is
 * resolved through {@code maven-metadata.xml} to a timestamped build, which the lock pins; it is
 * vendored under its {@code -SNAPSHOT} name, as {@code mvn install} would place it.
 */
public final class MavenFetcher implements Fetcher<MavenSource> {
  static final String ROOT = "maven";

  @Override
  public Class<MavenSource> sourceType() {
    return MavenSource.class;
  }

  @Override
  public String root(MavenSource source) {
    return ROOT + "/" + source.versionPath();
  }

  /** One file of the artifact: its name in the repository and in the vendor dir. */
  private record Part(String remoteName, String vendorName) {}

  @Override
  public FetchedSource fetch(MavenSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    HttpUrl repo = HttpUrl.get(source.repository());
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), repo), repo);
    String remoteVersion = source.snapshot()
        ? locked.map(l -> l.resolved().get("version")).orElseGet(() -> resolveSnapshot(source, repo, auth, ctx))
        : source.version();
    SortedMap<String, String> resolved = new TreeMap<>();
    resolved.put("version", remoteVersion);
    SortedMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    // The artifact and its POM side by side; each part's facts are merged in a fixed order.
    for (Placed placed : Parallel.map(ctx.files(), parts(source, remoteVersion),
        p -> fetchPart(source, locked, repo, auth, ctx, staging, p))) {
      resolved.putAll(placed.resolved());
      files.putAll(placed.files());
      bytes += placed.bytes();
    }
    return FetchedSource.sharedFolder(source.name(), source.kind(), root(source), staging, resolved, files, bytes);
  }

  /** One part's lock facts, vendored files (with the {@code .sha1} Maven expects) and size. */
  private record Placed(SortedMap<String, String> resolved, SortedMap<String, String> files, long bytes) {}

  private Placed fetchPart(MavenSource source, Optional<LockEntry> locked, HttpUrl repo, RequestAuth auth,
      FetchContext ctx, Path staging, Part p) {
    HttpUrl url = url(repo, source.versionPath(), p.remoteName());
    String vendorPath = root(source) + "/" + p.vendorName();
    String what = source.name() + " " + p.remoteName();
    Optional<String> pinned = locked.map(l -> l.files().get(vendorPath));
    // The same path as a closure's files; the file comes first, its checksum probes after it, so a
    // refused download names the artifact, not a checksum probe.
    MavenFiles.Placed d = MavenFiles.obtain(ctx, what, staging,
        new MavenFiles.Entry(vendorPath, url, pinned, Optional.empty()), auth, u -> { }, new MavenFiles.Check() {
          @Override
          public List<String> algorithms() {
            return Checksums.ALGORITHMS.stream().map(Checksums.Algorithm::jdkName).toList();
          }

          @Override
          public Optional<String> verify(HttpUrl u, Downloads.Result file) {
            Optional<Checksums.Published> published = Checksums.fetch(ctx, what, u, auth);
            if (published.isPresent()) {
              Checksums.verify(what, u, file, published.get());
            } else {
              ctx.listener().warn(what + ": the repository publishes no .sha512, .sha256 or .sha1"
                  + (pinned.isPresent() ? "; checked against fetch.lock only"
                      : "; not verified (fetch.lock pins it from now on)"));
            }
            return published.map(c -> c.algorithm().suffix());
          }
        });
    SortedMap<String, String> resolved = new TreeMap<>();
    resolved.put("url." + p.vendorName(), Urls.redact(url));
    resolved.put("checksum." + p.vendorName(),
        d.fromCache() ? locked.get().resolved().getOrDefault("checksum." + p.vendorName(), "none")
            : d.checked().orElse("none"));
    SortedMap<String, String> files = d.files();
    return new Placed(resolved, files, d.size());
  }

  /** The artifact, and its POM unless the artifact is the POM. */
  private static List<Part> parts(MavenSource s, String remoteVersion) {
    List<Part> parts = new ArrayList<>();
    String c = s.classifier().orElse("");
    parts.add(part(s, remoteVersion, c, s.extension()));
    if (!(c.isEmpty() && s.extension().equals("pom"))) {
      parts.add(part(s, remoteVersion, "", "pom"));
    }
    return parts;
  }

  private static Part part(MavenSource s, String remoteVersion, String classifier, String extension) {
    String suffix = (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    return new Part(s.artifactId() + "-" + remoteVersion + suffix,
        s.artifactId() + "-" + s.version() + suffix);
  }

  static HttpUrl url(HttpUrl repo, String versionPath, String fileName) {
    HttpUrl.Builder b = repo.newBuilder().query(null);
    List<String> segs = repo.pathSegments();
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
      b.removePathSegment(segs.size() - 1);
    }
    for (String seg : versionPath.split("/")) {
      b.addPathSegment(seg);
    }
    return b.addPathSegment(fileName).build();
  }

  private static String resolveSnapshot(MavenSource s, HttpUrl repo, RequestAuth auth, FetchContext ctx) {
    HttpUrl url = url(repo, s.versionPath(), "maven-metadata.xml");
    Document doc = Downloads.document(ctx, s.name(), url, auth, null, 4L * 1024 * 1024, true)
        .orElseThrow(() -> new FetchException(s.name() + ": " + s.coordinates() + " not found: no "
            + Urls.redact(url)));
    SnapshotMetadata meta = SnapshotMetadata.parse(s.name(), doc.body());
    String c = s.classifier().orElse("");
    String version = meta.timestampedVersion(s.version(), c, s.extension())
        .orElseThrow(() -> new FetchException(s.name() + ": " + Urls.redact(url) + " names no timestamped build of "
            + s.coordinates()));
    String pomVersion = meta.timestampedVersion(s.version(), "", "pom").orElse(version);
    if (!pomVersion.equals(version)) {
      throw new FetchException(s.name() + ": " + Urls.redact(url) + " names different builds for the artifact ("
          + ControlChars.escape(version) + ") and its pom (" + ControlChars.escape(pomVersion) + ")");
    }
    return version;
  }
}
