package dev.airlock.credentials;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * A named credential read only when a request needs it. With a remote cache, a runner whose every
 * locked file is in the cache never asks a registry, so it needs (and may have) no registry secret;
 * a missing one fails at the first request that would carry it.
 */
final class DeferredAuth implements RequestAuth {
  private final String id;
  private final Set<String> names;
  private final Supplier<RequestAuth> resolve;
  private volatile RequestAuth resolved;

  DeferredAuth(String id, Set<String> names, Supplier<RequestAuth> resolve) {
    this.id = id;
    this.names = Set.copyOf(names);
    this.resolve = resolve;
  }

  private synchronized RequestAuth get() {
    if (resolved == null) {
      resolved = resolve.get();
    }
    return resolved;
  }

  @Override
  public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
    return get().headersFor(url, firstHop);
  }

  @Override
  public Set<String> headerNames() {
    return names;
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public String describe() {
    RequestAuth r = resolved;
    return r != null ? r.describe() : id;
  }
}
