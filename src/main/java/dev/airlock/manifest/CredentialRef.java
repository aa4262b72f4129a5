package dev.airlock.manifest;

import java.util.Optional;

/**
 * A source's {@code credentials:} value: absent (the netrc entry for its host, if any), {@code none},
 * or the id of an entry of the {@code credentials:} block.
 */
public record CredentialRef(Mode mode, Optional<String> id) {
  public enum Mode { DEFAULT_NETRC, NONE, NAMED }

  public static final CredentialRef DEFAULT = new CredentialRef(Mode.DEFAULT_NETRC, Optional.empty());
  public static final CredentialRef NONE = new CredentialRef(Mode.NONE, Optional.empty());

  public static CredentialRef named(String id) {
    return new CredentialRef(Mode.NAMED, Optional.of(id));
  }

  @Override
  public String toString() {
    return switch (mode) {
      case DEFAULT_NETRC -> "netrc (default)";
      case NONE -> "none";
      case NAMED -> id.orElseThrow();
    };
  }
}
