package dev.airlock.dockerfile;

import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-made manifest entries and lock entries of every kind, as the fetchers will write them. */
final class Sources {
  private final List<SourceRef> refs = new ArrayList<>();
  private final List<LockEntry> entries = new ArrayList<>();

  Sources add(String name, String kind, String dest, String... files) {
    return add(name, kind, dest, Map.of(), files);
  }

  Sources add(String name, String kind, String dest, Map<String, String> resolved, String... files) {
    String fp = "sha256:" + String.format("%08x", name.hashCode()).repeat(8);
    refs.add(new SourceRef(name, kind, Optional.ofNullable(dest), fp));
    Map<String, String> f = new LinkedHashMap<>();
    for (String file : files) {
      f.put(file, "0".repeat(64));
    }
    entries.add(LockEntry.of(name, kind, fp, resolved, f));
    return this;
  }

  List<SourceRef> refs() {
    return List.copyOf(refs);
  }

  Lock lock() {
    return Lock.of(entries);
  }

  List<VendoredSource> vendored() {
    return VendoredSources.resolve(refs, lock());
  }

  /** The README's example manifest: every kind, two of each package kind, a dest with a space. */
  static Sources everyKind() {
    return new Sources()
        .add("model", "http", null, "files/model/v3.bin")
        .add("design-assets", "http", "/opt/design assets", "files/design-assets/index.html",
            "files/design-assets/certs/corp-ca.pem")
        .add("config-repo", "git", null, "git/config-repo/templates/app.yaml", "git/config-repo/.env.example")
        .add("internal-lib", "pypi", null, "pypi/internal_lib-1.4.2-py3-none-any.whl")
        .add("corp-tools", "pypi", null, "pypi/corp_tools-2.0.0.tar.gz", "pypi/corp_tools-2.0.0-py3-none-any.whl")
        .add("commons", "maven", null, "maven/com/corp/commons/2.3.0/commons-2.3.0.jar",
            "maven/com/corp/commons/2.3.0/commons-2.3.0.jar.sha1", "maven/com/corp/commons/2.3.0/commons-2.3.0.pom",
            "maven/com/corp/commons/2.3.0/commons-2.3.0.pom.sha1", "maven/com/corp/parent/7/parent-7.pom",
            "maven/com/corp/parent/7/parent-7.pom.sha1")
        .add("bom", "maven", null, "maven/com/corp/bom/1.0/bom-1.0.pom", "maven/com/corp/bom/1.0/bom-1.0.pom.sha1")
        .add("ui-kit", "npm", null, "npm/corp-ui-kit-3.2.1.tgz")
        .add("icons", "npm", null, "npm/corp-icons-1.0.0.tgz");
  }
}
