package dev.airlock.manifest;

import java.util.Optional;

/**
 * {@code http: { url, sha256, extract }}. {@code url} is validated: https (or http to loopback),
 * no user-info, no token-like query parameter, one unambiguous host. {@code sha256} is lower-case hex.
 */
public record HttpSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String url,
    Optional<String> sha256,
    boolean extract) implements SourceSpec {

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String canonicalForm() {
    return "kind=http\nurl=" + url + "\nsha256=" + sha256.orElse("") + "\nextract=" + extract + "\n";
  }
}
