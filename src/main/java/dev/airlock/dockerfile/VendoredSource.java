package dev.airlock.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One source as the generator sees it: its manifest name, kind and {@code dest}, and the files
 * the lock says were vendored for it (vendor-relative, sorted), whether it is a whole closure (a
 * requirements file, a lock file) rather than one package, and for an npm lockfile source the
 * registry the lock records (npm's cache index is keyed by it). Nothing else: the generator works
 * from the manifest and the lock, never from the network or the vendor dir.
 */
public record VendoredSource(String name, String kind, Optional<String> dest, List<String> files, boolean closure,
    Optional<String> registry) {
  public VendoredSource {
    files = List.copyOf(files);
  }

  public VendoredSource(String name, String kind, Optional<String> dest, List<String> files) {
    this(name, kind, dest, files, false, Optional.empty());
  }

  /** The folder under the vendor dir this source's files live in ({@code files/NAME}, {@code pypi}, …). */
  public String root() {
    return VendorLayout.root(kind, name);
  }
}
