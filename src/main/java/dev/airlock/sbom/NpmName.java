package dev.airlock.sbom;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An npm package name read from its tarball URL, {@code REGISTRY/[@scope/]name/-/name-VERSION.tgz}. */
record NpmName(String scope, String name) {
  private static final Pattern TARBALL =
      Pattern.compile("^(.*?)/((@[^/]+)/)?([^/@][^/]*)/-/[^/]+\\.tgz$");

  static Optional<NpmName> fromTarball(String url) {
    Matcher m = TARBALL.matcher(url);
    return m.matches() ? Optional.of(new NpmName(m.group(3), m.group(4))) : Optional.empty();
  }

  static Optional<String> registryOf(String url) {
    Matcher m = TARBALL.matcher(url);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
