package dev.airlock.fetch.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.AllowedHosts;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Fetcher;
import dev.airlock.fetch.LinkedAuth;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.NpmLockSource;
import dev.airlock.manifest.NpmLockfile;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * {@code npm: { lockfile: }} sources: every registry package of a {@code package-lock.json},
 * vendored as npm's own cache under {@code npm/_cacache/} ({@link NpmCache}). Each tarball comes
 * from the lock's {@code resolved}, else {@code REGISTRY/NAME/-/BASENAME-VERSION.tgz}; only from
 * the registry's origin or a host the manifest lists; and counts only once it matches the lock's
 * {@code integrity}. Needs no packument: the lock already says everything.
 */
public final class NpmLockFetcher implements Fetcher<NpmLockSource> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Class<NpmLockSource> sourceType() {
    return NpmLockSource.class;
  }

  @Override
  public String root(NpmLockSource source) {
    return NpmFetcher.ROOT;
  }

  @Override
  public FetchedSource fetch(NpmLockSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    HttpUrl registry = HttpUrl.get(source.registry());
    RequestAuth auth = LinkedAuth.of(ctx.credentials().forSource(source.credentials(), registry), registry);
    if (!source.lock().skipped().isEmpty()) {
      ctx.listener().info(source.name() + ": skipped " + source.lock().skipped().size()
          + " lock entries that are not registry packages (links, workspaces, file:): "
          + String.join(", ", source.lock().skipped()));
    }
    List<Tarball> tarballs = new ArrayList<>();
    Map<String, Tarball> byPath = new LinkedHashMap<>();
    SortedMap<String, String> resolved = new TreeMap<>();
    resolved.put("registry", Urls.redact(registry));
    List<String> weak = new ArrayList<>();
    Map<String, Map<String, Tarball>> packuments = new TreeMap<>();
    for (NpmLockfile.Package p : source.lock().packages()) {
      Integrity integrity = Integrity.choose(p.integrity(), "").orElseThrow(() -> new FetchException(source.name()
          + ": " + source.lockfile() + " gives no usable integrity for " + p.id() + " (" + p.integrity() + ")"));
      if (integrity.legacySha1()) {
        weak.add(p.id());
      }
      HttpUrl url = p.resolved().map(HttpUrl::parse).orElseGet(() -> defaultTarball(registry, p));
      if (url == null) {
        throw new FetchException(source.name() + ": " + p.id() + ": \"resolved\" is not a usable URL");
      }
      Tarballs.checkedUrl(source.name(), p.id(), url);
      allowed(source, registry, p, url);
      Tarball t = new Tarball(p.id(), url, integrity, NpmCache.contentPath(integrity));
      Tarball same = byPath.putIfAbsent(t.vendorPath(), t);
      if (same == null) {
        tarballs.add(t);
      } else {
        throw new FetchException(source.name() + ": " + source.lockfile() + " gives " + same.id() + " and " + p.id()
            + " the same integrity; two packages cannot have the same tarball");
      }
      resolved.put(purl(p), Urls.redact(url) + " " + integrity.sri());
      if (p.resolved().isEmpty()) {
        packuments.computeIfAbsent(p.name(), n -> new TreeMap<>()).put(p.version(), t);
      }
    }
    if (!weak.isEmpty()) {
      ctx.listener().warn(source.name() + ": " + source.lockfile() + " gives only a sha1 integrity for "
          + String.join(", ", weak) + "; checked against that (sha1 is weak)");
    }
    Tarballs.Placed placed = Tarballs.fetch(source.name(), tarballs, locked, staging, auth, ctx);
    SortedMap<String, String> files = new TreeMap<>(placed.files());
    files.putAll(packumentEntries(registry, packuments, staging));
    return FetchedSource.sharedFolder(source.name(), source.kind(), NpmFetcher.ROOT, staging, resolved, files,
        placed.bytes());
  }

  /** {@code REGISTRY/@scope/name/-/name-1.0.0.tgz}: where npm publishes a version's tarball. */
  static HttpUrl defaultTarball(HttpUrl registry, NpmLockfile.Package p) {
    HttpUrl.Builder b = NpmFetcher.base(registry);
    for (String seg : p.name().split("/")) {
      b.addPathSegment(seg);
    }
    String bare = p.name().substring(p.name().indexOf('/') + 1);
    return b.addPathSegment("-").addPathSegment(bare + "-" + p.version() + ".tgz").build();
  }

  /** The registry's own origin, or a host the manifest lists ({@code HOST} means the scheme's default port). */
  private static void allowed(NpmLockSource source, HttpUrl registry, NpmLockfile.Package p, HttpUrl url) {
    String hostPort = url.host() + ":" + url.port();
    boolean listed = AllowedHosts.of(List.of(registry), source.hosts()).allows(url);
    if (!listed) {
      throw new FetchException(source.name() + ": " + p.id() + ": " + Urls.redact(url) + " is on "
          + (url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : hostPort)
          + ", which is neither the registry's origin nor in hosts: (add it there to allow it)");
    }
  }

  /**
   * For packages the lock gives no {@code resolved}: a minimal packument per name (its locked
   * versions) and index entries for it and for each tarball URL, so offline npm finds both.
   */
  private static SortedMap<String, String> packumentEntries(HttpUrl registry, Map<String, Map<String, Tarball>> byName,
      Path staging) {
    List<NpmCache.Response> responses = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    for (var e : byName.entrySet()) {
      String name = e.getKey();
      ObjectNode doc = JSON.createObjectNode();
      doc.put("name", name);
      ObjectNode versions = doc.putObject("versions");
      for (var v : e.getValue().entrySet()) {
        Tarball t = v.getValue();
        ObjectNode m = versions.putObject(v.getKey());
        m.put("name", name);
        m.put("version", v.getKey());
        ObjectNode dist = m.putObject("dist");
        dist.put("tarball", t.url().toString());
        dist.put("integrity", t.integrity().sri());
        responses.add(new NpmCache.Response(t.url().toString(), null, t.integrity().sri(),
            size(staging.resolve(t.vendorPath())), "application/octet-stream"));
      }
      byte[] body;
      try {
        body = JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
      bodies.add(body);
      String url = NpmFetcher.packumentUrl(registry, name).toString();
      for (String accept : NpmCache.PACKUMENT_ACCEPT) {
        responses.add(new NpmCache.Response(url, accept, NpmCache.sri(body), body.length, "application/json"));
      }
    }
    return NpmCache.write(staging, responses, bodies);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new FetchException("cannot read " + file.getFileName() + ": " + e.getMessage());
    }
  }

  static String purl(NpmLockfile.Package p) {
    int slash = p.name().indexOf('/');
    String ns = p.name().startsWith("@") ? p.name().substring(0, slash) : null;
    try {
      return new PackageURL("npm", ns, p.name().substring(slash + 1), p.version(), null, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new FetchException("cannot name " + p.id() + " as a purl: " + e.getMessage());
    }
  }
}
