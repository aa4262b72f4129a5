package dev.airlock.fetch.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.ControlChars;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Fetcher;
import dev.airlock.fetch.LinkedAuth;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.NpmSource;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code npm: { package: }} sources, a one-tarball closure: reads the packument
 * ({@code REGISTRY/@scope%2fname}, abbreviated form), takes {@code versions[V].dist.tarball} and
 * {@code dist.integrity} (sha512; the sha1 {@code shasum} only as a fallback, with a warning), and
 * hands that one tarball to {@link Tarballs}, the path lock sources use too. It lands as
 * {@code npm/NAME-VERSION.tgz}, the name {@code npm pack} gives it. With a lock entry whose file
 * is in the cache, nothing is requested.
 */
public final class NpmFetcher implements Fetcher<NpmSource> {
  static final String ROOT = "npm";
  /** What the npm client sends: the abbreviated ("corgi") packument, full JSON as the fallback. */
  static final String ACCEPT = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Class<NpmSource> sourceType() {
    return NpmSource.class;
  }

  @Override
  public String root(NpmSource source) {
    return ROOT;
  }

  /** The registry URL without query or trailing empty segment, to append path segments to. */
  static HttpUrl.Builder base(HttpUrl registry) {
    HttpUrl.Builder b = registry.newBuilder().query(null);
    List<String> segs = registry.pathSegments();
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
      b.removePathSegment(segs.size() - 1);
    }
    return b;
  }

  /** Where npm asks for a packument: {@code REGISTRY/@scope%2fname} or {@code REGISTRY/name}. */
  static HttpUrl packumentUrl(HttpUrl registry, String packageName) {
    return base(registry).addEncodedPathSegment(packageName.replace("/", "%2f")).build();
  }

  @Override
  public FetchedSource fetch(NpmSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    HttpUrl registry = HttpUrl.get(source.registry());
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), registry), registry);
    String path = ROOT + "/" + source.tarballFileName();
    String id = source.packageName() + "@" + source.version();
    SortedMap<String, String> resolved = new TreeMap<>();
    Tarball tarball;
    Optional<Integrity> lockedIntegrity = locked.map(l -> l.resolved().getOrDefault("integrity", ""))
        .flatMap(sri -> Integrity.choose(sri, ""));
    Optional<HttpUrl> lockedUrl = locked.map(l -> HttpUrl.parse(l.resolved().getOrDefault("tarball", "")));
    Optional<String> pinned = locked.map(l -> l.files().get(path));
    if (pinned.isPresent() && ctx.cache().contains(pinned.get()) && lockedIntegrity.isPresent()
        && lockedUrl.isPresent()) {
      resolved.putAll(locked.get().resolved());
      tarball = new Tarball(id, lockedUrl.get(), lockedIntegrity.get(), path);
    } else {
      JsonNode dist = dist(source, packument(source, registry, auth, ctx));
      HttpUrl url = Tarballs.checkedUrl(source.name(), id, tarball(source, registry, dist));
      Integrity integrity = Integrity.choose(dist.path("integrity").asText(""), dist.path("shasum").asText(""))
          .orElseThrow(() -> new FetchException(source.name() + ": the registry gives no integrity or shasum for "
              + id));
      if (integrity.legacySha1()) {
        ctx.listener().warn(source.name() + ": the registry gives only a sha1 shasum for " + id
            + "; checked against that (sha1 is weak)");
      }
      tarball = new Tarball(id, url, integrity, path);
      resolved.put("version", source.version());
      resolved.put("tarball", Urls.redact(url));
      resolved.put("integrity", integrity.sri());
    }
    Tarballs.Placed placed = Tarballs.fetch(source.name(), List.of(tarball), locked, staging, auth, ctx);
    return FetchedSource.sharedFolder(source.name(), source.kind(), ROOT, staging, resolved, placed.files(),
        placed.bytes());
  }

  private JsonNode packument(NpmSource source, HttpUrl registry, RequestAuth auth, FetchContext ctx) {
    HttpUrl url = packumentUrl(registry, source.packageName());
    Document doc = Downloads.document(ctx, source.name(), url, auth, ACCEPT, Downloads.MAX_DOCUMENT, false)
        .orElseThrow();
    if (doc.mediaType().equals("text/html")) {
      throw new FetchException(source.name() + ": " + Urls.redact(doc.finalUrl())
          + " returned an HTML page, not a packument (a login page?)");
    }
    try {
      JsonNode root = json.readTree(doc.body());
      if (root == null || !root.isObject()) {
        throw new IOException("not an object");
      }
      String name = root.path("name").asText(source.packageName());
      if (!name.equals(source.packageName())) {
        throw new FetchException(source.name() + ": " + Urls.redact(doc.finalUrl()) + " is the packument of "
            + ControlChars.escape(name) + ", not " + source.packageName());
      }
      return root;
    } catch (IOException e) {
      throw new FetchException(source.name() + ": " + Urls.redact(doc.finalUrl())
          + " is not a JSON packument (a login page?)");
    }
  }

  private static JsonNode dist(NpmSource source, JsonNode packument) {
    JsonNode v = packument.path("versions").path(source.version());
    if (!v.isObject()) {
      List<String> versions = new ArrayList<>();
      packument.path("versions").fieldNames().forEachRemaining(versions::add);
      String seen = versions.isEmpty() ? "none"
          : String.join(", ", versions.subList(Math.max(0, versions.size() - 10), versions.size()));
      throw new FetchException(source.name() + ": " + source.packageName() + " has no version " + source.version()
          + " (versions: " + ControlChars.escape(seen) + ")");
    }
    return v.path("dist");
  }

  private static HttpUrl tarball(NpmSource source, HttpUrl registry, JsonNode dist) {
    String raw = dist.path("tarball").asText("");
    HttpUrl url = raw.isEmpty() ? null : registry.resolve(raw);
    if (url == null) {
      throw new FetchException(source.name() + ": the packument gives no usable dist.tarball for " + source.version());
    }
    return url;
  }
}
