package dev.airlock.manifest;

import java.util.Optional;

/**
 * {@code http: { url, sha256, extract, allowCaseCollisions }}. {@code url} is validated: https (or
 * http to loopback), no user-info, no token-like query parameter, one unambiguous host. {@code sha256}
 * is lower-case hex. {@code allowCaseCollisions} (only with {@code extract}) lets the archive hold
 * paths that differ only in case or Unicode normalisation.
 */
public record HttpSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String url,
    Optional<String> sha256,
    boolean extract,
    boolean allowCaseCollisions) implements SourceSpec {

  public HttpSource(String name, CredentialRef credentials, Optional<String> dest, String url, Optional<String> sha256,
      boolean extract) {
    this(name, credentials, dest, url, sha256, extract, false);
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String canonicalForm() {
    // only when on, so that the fingerprints of existing lock entries stay as they were
    return "kind=http\nurl=" + url + "\nsha256=" + sha256.orElse("") + "\nextract=" + extract + "\n"
        + (allowCaseCollisions ? "allowCaseCollisions=true\n" : "");
  }
}
