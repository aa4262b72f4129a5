package dev.airlock.scan.core;

import dev.airlock.credentials.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential values a run looks for, each with the id findings name it by, plus the ones that
 * could not be read (and why): one immutable value, collected once (see {@code KnownSecretsLoader})
 * and handed to fetch's check of staged content, {@code verify} and {@code scan}. Values that are
 * equal are searched once, under the first id.
 */
public final class KnownSecrets {
  private static final KnownSecrets NONE = new KnownSecrets(Map.of(), List.of());

  private final Map<String, KnownSecret> byValue;
  private final List<String> unavailable;

  private KnownSecrets(Map<String, KnownSecret> byValue, List<String> unavailable) {
    this.byValue = byValue;
    this.unavailable = unavailable;
  }

  public static KnownSecrets none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<KnownSecret> all() {
    return List.copyOf(byValue.values());
  }

  public List<String> unavailable() {
    return unavailable;
  }

  public boolean isEmpty() {
    return byValue.isEmpty();
  }

  /** Collects values, then {@link #build}s the immutable set. Not thread-safe: one collector fills it. */
  public static final class Builder {
    private final Map<String, KnownSecret> byValue = new LinkedHashMap<>();
    private final List<String> unavailable = new ArrayList<>();

    private Builder() {}

    public Builder add(SecretKind kind, String id, Secret value) {
      return add(kind, id, value, Optional.empty());
    }

    public Builder add(SecretKind kind, String id, Secret value, Optional<String> user) {
      if (!value.isEmpty()) {
        KnownSecret prev = byValue.get(value.reveal());
        if (prev == null || prev.user().isEmpty() && user.isPresent()) {
          byValue.put(value.reveal(), new KnownSecret(kind, prev == null ? id : prev.id(), value, user));
        }
      }
      return this;
    }

    /** Records a credential the manifest names whose value this environment does not have. */
    public Builder unavailable(String idAndReason) {
      unavailable.add(idAndReason);
      return this;
    }

    public KnownSecrets build() {
      return new KnownSecrets(new LinkedHashMap<>(byValue), List.copyOf(unavailable));
    }
  }
}
