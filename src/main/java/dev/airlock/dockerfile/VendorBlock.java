package dev.airlock.dockerfile;

import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The COPY and ENV lines for a set of sources, so that each ecosystem's own client finds them
 * with no network and no credential:
 * <ul>
 *   <li>http and git trees: {@code COPY vendor/files/NAME/ DEST/} (DEST = {@code dest}, else
 *       {@code PREFIX/files/NAME} or {@code PREFIX/git/NAME});
 *   <li>pypi: the wheels/sdists into {@code PREFIX/pypi/} and {@code PIP_FIND_LINKS} naming it.
 *       With a closure source ({@code requirements:}, {@code pylock:}) also {@code PIP_NO_INDEX=1}:
 *       the closure holds every package, so the user's unchanged {@code pip install -r
 *       requirements.txt} never reaches an index. With single pins only it is not set: a build
 *       may still take public packages from an index;
 *   <li>maven: the repository layout into {@code PREFIX/maven/}, which {@code MAVEN_ARGS} makes a
 *       read-only tail of the image's own local repository ({@code -Dmaven.repo.local.tail}, Maven
 *       3.9+), so {@code mvn -o} resolves from it without hiding what the base image holds in
 *       {@code ~/.m2/repository}; a {@code dest} ending in {@code /.m2/repository} is merged into
 *       instead, with no ENV (the way for Maven before 3.9);
 *   <li>npm: everything under {@code vendor/npm/} into {@code PREFIX/npm/}, paths kept. A lockfile
 *       source's files are npm's own cache ({@code _cacache/}), which {@code npm_config_cache}
 *       names, with {@code npm_config_offline} so the user's unchanged {@code RUN npm ci} needs no
 *       network (and {@code npm_config_registry} when the lock has no {@code resolved} URLs, as
 *       the cached packuments are keyed by the registry's URL). A single pin's tarball gets a
 *       comment with the install step ({@code npm cache add}, then {@code npm ci}), which is the
 *       user's to place.
 * </ul>
 * When a block holds every source of a shared kind, it copies the kind's whole folder in one
 * instruction; for a subset it copies exactly the subset's files.
 */
public final class VendorBlock {
  private final String prefix;
  private final String vendorRel;
  private final List<VendoredSource> all;

  /**
   * @param prefix {@code docker.prefix}, an absolute image path
   * @param vendorRel the vendor dir relative to the build context, slash-separated
   * @param all every source of the manifest (to tell a subset from the whole of a kind)
   */
  public VendorBlock(String prefix, String vendorRel, List<VendoredSource> all) {
    this.prefix = Instructions.dest(prefix, "docker.prefix");
    this.vendorRel = Instructions.source(vendorRel, "the vendor dir's path");
    this.all = List.copyOf(all);
    repositoryDir(); // one Maven local repository for the whole manifest
  }

  public List<String> render(List<VendoredSource> selected) {
    List<String> out = new ArrayList<>();
    out.add("# vendored by airlock: " + (selected.isEmpty() ? "no sources"
        : String.join(", ", selected.stream().map(VendoredSource::name).toList())) + " (files listed in fetch.lock)");
    for (VendoredSource s : selected) {
      if (!VendorLayout.shared(s.kind())) {
        String dest = s.dest().orElse(Instructions.imagePath(prefix, VendorLayout.imageSubdir(s.kind(), s.name())));
        out.add(Instructions.copy(List.of(src(s.root()) + "/"),
            Instructions.dir(Instructions.dest(Instructions.imagePath(dest), "dest of source " + s.name()))));
      }
    }
    List<String> findLinks = flat(out, "pypi", selected);
    if (!findLinks.isEmpty()) {
      out.add(Instructions.env("PIP_FIND_LINKS", String.join(" ", findLinks)));
      if (ofKind(selected, "pypi").stream().anyMatch(VendoredSource::closure)) {
        out.add(Instructions.env("PIP_NO_INDEX", "1"));
      }
    }
    maven(out, selected);
    npm(out, selected);
    return out;
  }

  private void npm(List<String> out, List<VendoredSource> selected) {
    List<VendoredSource> mine = ofKind(selected, "npm");
    Map<String, List<VendoredSource>> byDir = new LinkedHashMap<>();
    for (VendoredSource s : mine) {
      if (!s.files().isEmpty()) {
        String dir = Instructions.imagePath(s.dest().orElse(Instructions.imagePath(prefix, "npm")));
        Instructions.dest(dir, s.dest().isPresent() ? "dest of source " + s.name() : "docker.prefix");
        byDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(s);
      }
    }
    if (byDir.isEmpty()) {
      return;
    }
    if (byDir.size() == 1 && mine.size() == ofKind(all, "npm").size()) {
      out.add(Instructions.copy(List.of(src("npm") + "/"), Instructions.dir(byDir.keySet().iterator().next())));
    } else {
      byDir.forEach((dir, sources) -> treeCopy(out, "npm/", dir,
          sources.stream().flatMap(s -> s.files().stream()).toList()));
    }
    Set<String> cacheDirs = new LinkedHashSet<>();
    Set<String> registries = new TreeSet<>();
    Set<String> pinDirs = new LinkedHashSet<>();
    byDir.forEach((dir, sources) -> sources.forEach(s -> {
      if (s.files().stream().anyMatch(f -> f.startsWith("npm/_cacache/"))) {
        cacheDirs.add(dir);
        if (s.files().stream().anyMatch(f -> f.startsWith("npm/_cacache/index-v5/"))) {
          s.registry().ifPresent(r -> registries.add(r.endsWith("/") ? r : r + "/"));
        }
      } else {
        pinDirs.add(dir);
      }
    }));
    if (cacheDirs.size() > 1 || registries.size() > 1) {
      throw new UsageException("npm lockfile sources share npm's cache in the image, so their dest ("
          + String.join(", ", cacheDirs) + ") and, for locks without resolved URLs, their registry ("
          + String.join(", ", registries) + ") must agree");
    }
    if (!cacheDirs.isEmpty()) {
      String cache = cacheDirs.iterator().next();
      out.add(Instructions.env("npm_config_cache", Instructions.listed(cache, "the npm cache", "npm_config_cache")));
      out.add(Instructions.env("npm_config_offline", "true"));
      registries.forEach(r -> out.add(Instructions.env("npm_config_registry",
          Instructions.listed(r, "the npm registry", "npm_config_registry"))));
    }
    for (String d : pinDirs) {
      out.add("# npm: RUN npm cache add " + d + "/*.tgz && npm ci" + (cacheDirs.contains(d) ? ""
          : " --prefer-offline   (the lock's other packages need the registry; npm lockfile: vendors them all)"));
    }
  }

  /** Files keeping their path below {@code root}, one COPY per folder. */
  private void treeCopy(List<String> out, String root, String dest, List<String> files) {
    Map<String, Set<String>> byParent = new TreeMap<>();
    for (String f : files) {
      String rel = f.substring(root.length());
      String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
      byParent.computeIfAbsent(parent, p -> new TreeSet<>()).add(src(f));
    }
    byParent.forEach((parent, srcs) -> out.add(Instructions.copy(List.copyOf(srcs),
        Instructions.dir(parent.isEmpty() ? dest : Instructions.imagePath(dest, parent)))));
  }

  /** pypi: files straight into one folder per destination; returns those folders. */
  private List<String> flat(List<String> out, String kind, List<VendoredSource> selected) {
    List<VendoredSource> mine = ofKind(selected, kind);
    Map<String, List<String>> byDir = new LinkedHashMap<>();
    for (VendoredSource s : mine) {
      String dir = Instructions.imagePath(s.dest().orElse(Instructions.imagePath(prefix, kind)));
      String what = s.dest().isPresent() ? "dest of source " + s.name() : "docker.prefix";
      if (kind.equals("pypi")) {
        Instructions.listed(dir, what, "PIP_FIND_LINKS");
      } else {
        Instructions.dest(dir, what);
      }
      List<String> files = byDir.computeIfAbsent(dir, d -> new ArrayList<>());
      s.files().forEach(f -> files.add(src(f)));
    }
    byDir.values().removeIf(List::isEmpty);
    if (byDir.isEmpty()) {
      return List.of();
    }
    if (byDir.size() == 1 && mine.size() == ofKind(all, kind).size()) {
      out.add(Instructions.copy(List.of(src(kind) + "/"), Instructions.dir(byDir.keySet().iterator().next())));
    } else {
      byDir.forEach((dir, files) -> out.add(Instructions.copy(files.stream().sorted().distinct().toList(),
          Instructions.dir(dir))));
    }
    return List.copyOf(byDir.keySet());
  }

  private void maven(List<String> out, List<VendoredSource> selected) {
    List<VendoredSource> mine = ofKind(selected, "maven");
    if (mine.stream().allMatch(s -> s.files().isEmpty())) {
      return;
    }
    String repo = repositoryDir();
    if (mine.size() == ofKind(all, "maven").size()) {
      out.add(Instructions.copy(List.of(src("maven") + "/"), Instructions.dir(repo)));
    } else {
      Map<String, Set<String>> byParent = new TreeMap<>();
      for (VendoredSource s : mine) {
        for (String f : s.files()) {
          String rel = f.substring("maven/".length());
          String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
          byParent.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(src(f));
        }
      }
      byParent.forEach((parent, files) -> out.add(Instructions.copy(files.stream().sorted().toList(),
          Instructions.dir(parent.isEmpty() ? repo : Instructions.imagePath(repo, parent)))));
    }
    if (!isLocalRepository(repo)) {
      // A read-only tail behind the image's own local repository: what the base image already
      // holds in ~/.m2/repository stays visible (maven.repo.local would hide it).
      out.add(Instructions.env("MAVEN_ARGS", "-Dmaven.repo.local.tail=" + repo + "${MAVEN_ARGS:+ $MAVEN_ARGS}"));
      out.add("# maven: MAVEN_ARGS needs Maven 3.9+; for older Maven give the maven sources "
          + "dest: /root/.m2/repository (the image's local repository), which the COPY merges into");
    }
  }

  /** A dest that is a local repository already ({@code …/.m2/repository}): the COPY merges into it. */
  private static boolean isLocalRepository(String dir) {
    String d = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    return d.endsWith("/.m2/repository");
  }

  /** The one Maven local repository: every maven source's {@code dest}, which must agree. */
  private String repositoryDir() {
    Set<String> dirs = new LinkedHashSet<>();
    for (VendoredSource s : ofKind(all, "maven")) {
      dirs.add(Instructions.imagePath(s.dest().orElse(Instructions.imagePath(prefix, "maven"))));
    }
    if (dirs.size() > 1) {
      throw new UsageException("maven sources share one local repository in the image, but their dest differ ("
          + String.join(", ", dirs) + "); give them the same dest, or none");
    }
    String repo = dirs.isEmpty() ? Instructions.imagePath(prefix, "maven") : dirs.iterator().next();
    Instructions.listed(repo, dirs.isEmpty() || ofKind(all, "maven").stream().allMatch(s -> s.dest().isEmpty())
        ? "docker.prefix" : "dest of the maven sources", "MAVEN_ARGS");
    return repo;
  }

  private String src(String vendorRelative) {
    return Instructions.source(vendorRel + "/" + vendorRelative, "vendored path " + vendorRelative);
  }

  private static List<VendoredSource> ofKind(List<VendoredSource> sources, String kind) {
    return sources.stream().filter(s -> s.kind().equals(kind)).toList();
  }
}
