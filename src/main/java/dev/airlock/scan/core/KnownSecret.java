package dev.airlock.scan.core;

import dev.airlock.credentials.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential value to search for. {@code id} names it in findings (e.g. {@code artifacts},
 * {@code netrc:repo.corp.example}); {@code user}, when present, adds the {@code user:secret} pair.
 */
public record KnownSecret(SecretKind kind, String id, Secret value, Optional<String> user) {
  /** Shorter values cannot be searched for without drowning in chance matches. */
  public static final int MIN_LENGTH = 8;

  public KnownSecret {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(user, "user");
  }

  public boolean tooShort() {
    return kind.style() == NeedleForms.Style.TEXT && value.length() < MIN_LENGTH;
  }

  @Override
  public String toString() {
    return "KnownSecret[" + kind + ", " + id + "]";
  }
}
