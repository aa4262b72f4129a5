package dev.airlock.scan.core;

import dev.airlock.credentials.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential values a scan looks for, each with the id findings name it by, plus the ones that
 * could not be loaded (and why). Values that are equal are searched once, under the first id.
 */
public final class KnownSecrets {
  private final Map<String, KnownSecret> byValue = new LinkedHashMap<>();
  private final List<String> unavailable = new ArrayList<>();

  public static KnownSecrets none() {
    return new KnownSecrets();
  }

  /** Values without an id: what a run had in use ({@code fetch}'s own check). */
  public static KnownSecrets inUse(List<Secret> values) {
    KnownSecrets k = new KnownSecrets();
    values.forEach(v -> k.add(SecretKind.IN_USE, "credential used by this run", v));
    return k;
  }

  public KnownSecrets add(SecretKind kind, String id, Secret value) {
    return add(kind, id, value, Optional.empty());
  }

  public synchronized KnownSecrets add(SecretKind kind, String id, Secret value, Optional<String> user) {
    if (!value.isEmpty()) {
      KnownSecret prev = byValue.get(value.reveal());
      if (prev == null || prev.user().isEmpty() && user.isPresent()) {
        byValue.put(value.reveal(), new KnownSecret(kind, prev == null ? id : prev.id(), value, user));
      }
    }
    return this;
  }

  /** Records a credential the manifest names whose value this environment does not have. */
  public synchronized void unavailable(String idAndReason) {
    unavailable.add(idAndReason);
  }

  public synchronized List<KnownSecret> all() {
    return List.copyOf(byValue.values());
  }

  public synchronized List<String> unavailable() {
    return List.copyOf(unavailable);
  }

  public synchronized boolean isEmpty() {
    return byValue.isEmpty();
  }
}
