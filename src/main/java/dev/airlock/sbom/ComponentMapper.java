package dev.airlock.sbom;

import dev.airlock.lock.LockEntry;
import dev.airlock.sbom.SbomComponent.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One lock entry → one {@link SbomComponent}. Everything comes from {@code fetch.lock} (what was
 * really vendored, offline); kinds the mapper does not know still get a generic purl and their hashes.
 */
final class ComponentMapper {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private ComponentMapper() {}

  /**
   * A source's components: one, or for a closure (a lock entry whose {@code resolved} has
   * {@code pkg:…} keys, each listing the package's vendored files) one per package, with its purl
   * and its files' hashes, and the source named in {@code airlock:source}.
   */
  static List<SbomComponent> mapAll(LockEntry e) {
    if (e.kind().equals("maven") && e.resolved().containsKey("repository.1")) {
      return mavenClosure(e); // a Maven closure (pom:): one component per vendored package version
    }
    List<SbomComponent> npm = ClosurePackages.of(e);
    if (!npm.isEmpty()) { // an npm lockfile closure: the source, then each package with its integrity
      List<SbomComponent> all = new ArrayList<>(List.of(map(e)));
      all.addAll(npm);
      return all;
    }
    List<SbomComponent> packages = new ArrayList<>();
    e.resolved().forEach((key, fileList) -> {
      if (key.startsWith("pkg:")) {
        packages.add(closurePackage(e, key, List.of(fileList.split(" "))));
      }
    });
    return packages.isEmpty() ? List.of(map(e)) : packages;
  }

  private static SbomComponent closurePackage(LockEntry e, String key, List<String> fileNames) {
    String type = key.substring("pkg:".length(), key.indexOf('/'));
    String body = key.substring(key.indexOf('/') + 1);
    int at = body.lastIndexOf('@');
    String name = at < 0 ? body : body.substring(0, at);
    Optional<String> version = at < 0 ? Optional.empty()
        : Optional.of(body.substring(at + 1).replace("%2B", "+").replace("%21", "!").replace("%25", "%"));
    // the source's index, as for a single pin (none for a pylock without one)
    String purl = type.equals("pypi") ? Purls.of("pypi", null, name, version.orElse(null),
        Optional.ofNullable(e.resolved().get("index"))
            .flatMap(i -> Purls.repositoryQualifier(i, "https://pypi.org/simple"))
            .map(u -> Map.of("repository_url", u)).orElse(Map.of())) : key;
    SortedMap<String, String> props = new TreeMap<>();
    props.put("airlock:kind", e.kind());
    props.put("airlock:source", e.name());
    props.put("airlock:fingerprint", e.fingerprint());
    String root = e.files().keySet().stream().findFirst().map(p -> p.substring(0, p.indexOf('/') + 1)).orElse("");
    List<Reference> refs = new ArrayList<>();
    SortedMap<String, String> files = new TreeMap<>();
    for (String f : fileNames) {
      Optional.ofNullable(e.resolved().get("url." + f))
          .ifPresent(u -> refs.add(new Reference("distribution", UrlText.withoutCredentials(u), Optional.of(f))));
      Optional.ofNullable(e.files().get(root + f)).filter(d -> SHA256.matcher(d).matches())
          .ifPresent(d -> files.put(root + f, d));
    }
    return new SbomComponent(name, e.kind(), "library", version, Optional.of(purl), refs, files, props,
        "airlock:source/" + e.name() + "/" + name, new TreeMap<>());
  }

  private static List<SbomComponent> mavenClosure(LockEntry e) {
    SortedMap<String, SortedMap<String, String>> byFolder = new TreeMap<>();
    e.files().forEach((path, digest) -> {
      int slash = path.lastIndexOf('/');
      if (SHA256.matcher(digest).matches() && slash > 0) {
        byFolder.computeIfAbsent(path.substring(0, slash), f -> new TreeMap<>()).put(path, digest);
      }
    });
    List<SbomComponent> out = new ArrayList<>();
    byFolder.forEach((folder, files) -> {
      Optional<Gav> gav = Gav.fromFiles(files.keySet());
      if (gav.isEmpty() || gav.get().group() == null) {
        return;
      }
      Gav g = gav.get();
      boolean pomOnly = files.keySet().stream().noneMatch(f -> !f.endsWith(".pom") && !f.endsWith(".sha1"));
      List<Reference> refs = new ArrayList<>();
      files.keySet().stream().filter(f -> !f.endsWith(".sha1"))
          .map(f -> e.resolved().get("url." + f.substring("maven/".length())))
          .filter(java.util.Objects::nonNull)
          .forEach(u -> refs.add(new Reference("distribution", UrlText.withoutCredentials(u), Optional.empty())));
      Map<String, String> q = new TreeMap<>();
      if (pomOnly) {
        q.put("type", "pom");
      }
      Optional.ofNullable(e.resolved().get("repository.1"))
          .flatMap(u -> Purls.repositoryQualifier(UrlText.withoutCredentials(u), "https://repo.maven.apache.org/maven2"))
          .ifPresent(u -> q.put("repository_url", u));
      SortedMap<String, String> props = new TreeMap<>();
      props.put("airlock:kind", e.kind());
      props.put("airlock:source", e.name());
      props.put("airlock:fingerprint", e.fingerprint());
      String coordinates = g.group() + ":" + g.artifact() + ":" + g.version();
      out.add(new SbomComponent(g.group() + ":" + g.artifact(), e.kind(), "library", Optional.of(g.version()),
          Optional.of(Purls.of("maven", g.group(), g.artifact(), g.version(), q)), refs, files, props,
          "airlock:source/" + e.name() + "/" + coordinates, new TreeMap<>()));
    });
    return out;
  }

  static SbomComponent map(LockEntry e) {
    Map<String, String> r = e.resolved();
    SortedMap<String, String> props = new TreeMap<>();
    props.put("airlock:kind", e.kind());
    props.put("airlock:fingerprint", e.fingerprint());
    List<Reference> refs = new ArrayList<>();
    Optional<String> version = Optional.empty();
    String purl;
    String type = "library";
    switch (e.kind()) {
      case "http" -> {
        type = "file";
        String url = UrlText.withoutCredentials(r.getOrDefault("url", ""));
        refs.add(new Reference("distribution", url, Optional.empty()));
        Optional.ofNullable(r.get("finalUrl")).map(UrlText::withoutCredentials).filter(f -> !f.equals(url))
            .ifPresent(f -> refs.add(new Reference("distribution", f, Optional.of("after redirects"))));
        Map<String, String> q = new TreeMap<>();
        q.put("download_url", url);
        Optional.ofNullable(r.get("sha256")).ifPresent(h -> q.put("checksum", "sha256:" + h));
        purl = Purls.of("generic", null, e.name(), null, q);
      }
      case "git" -> {
        String url = UrlText.withoutCredentials(r.getOrDefault("url", ""));
        String commit = r.getOrDefault("commit", "");
        version = Optional.of(commit).filter(c -> !c.isEmpty());
        refs.add(new Reference("vcs", url, version.map(c -> "commit " + c)));
        Optional.ofNullable(r.get("ref")).ifPresent(ref -> props.put("airlock:git.ref", ref));
        purl = Purls.of("generic", null, e.name(), version.orElse(null),
            Map.of("vcs_url", "git+" + url + (commit.isEmpty() ? "" : "@" + commit)));
      }
      case "pypi" -> {
        String project = r.getOrDefault("project", e.name());
        version = Optional.ofNullable(r.get("version"));
        String index = UrlText.withoutCredentials(r.getOrDefault("index", ""));
        refs.addAll(fileUrls(r, "distribution"));
        purl = Purls.of("pypi", null, project, version.orElse(null),
            Purls.repositoryQualifier(index, "https://pypi.org/simple").map(u -> Map.of("repository_url", u))
                .orElse(Map.of()));
      }
      case "maven" -> {
        Gav gav = Gav.fromFiles(e.files().keySet()).orElse(new Gav(null, e.name(), null));
        version = Optional.ofNullable(r.getOrDefault("version", gav.version()));
        refs.addAll(fileUrls(r, "distribution"));
        Map<String, String> q = new TreeMap<>();
        Optional.ofNullable(r.get("repository")).or(() -> repositoryFromFileUrl(r, gav))
            .flatMap(u -> Purls.repositoryQualifier(u, "https://repo.maven.apache.org/maven2"))
            .ifPresent(u -> q.put("repository_url", u));
        purl = Purls.of("maven", gav.group(), gav.artifact(), version.orElse(null), q);
      }
      case "npm" -> {
        if (r.containsKey("registry") && !r.containsKey("tarball")) { // a lockfile closure: its packages follow
          props.put("airlock:npm.registry", UrlText.withoutCredentials(r.get("registry")));
          purl = Purls.of("generic", null, e.name(), null, Map.of());
          break;
        }
        String tarball = UrlText.withoutCredentials(r.getOrDefault("tarball", ""));
        NpmName n = NpmName.fromTarball(tarball).orElse(new NpmName(null, e.name()));
        version = Optional.ofNullable(r.get("version"));
        if (!tarball.isEmpty()) {
          refs.add(new Reference("distribution", tarball, Optional.empty()));
        }
        Map<String, String> q = new TreeMap<>();
        NpmName.registryOf(tarball).flatMap(u -> Purls.repositoryQualifier(u, "https://registry.npmjs.org"))
            .ifPresent(u -> q.put("repository_url", u));
        purl = Purls.of("npm", n.scope(), n.name(), version.orElse(null), q);
      }
      default -> purl = Purls.of("generic", null, e.name(), null, Map.of());
    }
    SortedMap<String, String> files = new TreeMap<>();
    e.files().forEach((path, digest) -> {
      if (SHA256.matcher(digest).matches()) {
        files.put(path, digest);
      }
    });
    return new SbomComponent(e.name(), e.kind(), type, version, Optional.of(purl), refs, files, props,
        ComponentHashes.of(e, files));
  }

  /** {@code url.FILE} keys that pypi and maven sources record per downloaded file. */
  private static List<Reference> fileUrls(Map<String, String> r, String type) {
    List<Reference> refs = new ArrayList<>();
    r.forEach((k, v) -> {
      if (k.startsWith("url.")) {
        refs.add(new Reference(type, UrlText.withoutCredentials(v), Optional.of(k.substring(4))));
      }
    });
    return refs;
  }

  /** The repository root: a file URL minus {@code group/artifact/version/file}. */
  private static Optional<String> repositoryFromFileUrl(Map<String, String> r, Gav gav) {
    if (gav.group() == null) {
      return Optional.empty();
    }
    String tail = "/" + gav.group().replace('.', '/') + "/" + gav.artifact() + "/";
    return r.entrySet().stream().filter(kv -> kv.getKey().startsWith("url.")).map(Map.Entry::getValue)
        .map(UrlText::withoutCredentials).filter(u -> u.contains(tail))
        .map(u -> u.substring(0, u.lastIndexOf(tail))).findFirst();
  }
}
