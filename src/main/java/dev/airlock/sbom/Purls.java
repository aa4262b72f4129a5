package dev.airlock.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Canonical package URLs (the purl spec's encoding, by packageurl-java). */
final class Purls {
  private Purls() {}

  static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
    TreeMap<String, String> q = new TreeMap<>();
    qualifiers.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        q.put(k, v);
      }
    });
    try {
      return new PackageURL(type, namespace, name, version, q.isEmpty() ? null : q, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("cannot build a purl for " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@code repository_url} only when it is not the ecosystem's public default. */
  static Optional<String> repositoryQualifier(String url, String publicDefault) {
    String u = UrlText.withoutCredentials(url);
    return u.replaceAll("/+$", "").equalsIgnoreCase(publicDefault) ? Optional.empty() : Optional.of(u);
  }
}
