package dev.airlock.fetch;

import dev.airlock.manifest.SourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Picks the backend for a source by its record type. */
public final class FetcherRegistry {
  private final Map<Class<?>, Fetcher<?>> fetchers = new LinkedHashMap<>();

  public FetcherRegistry register(Fetcher<?> fetcher) {
    fetchers.put(fetcher.sourceType(), fetcher);
    return this;
  }

  @SuppressWarnings("unchecked")
  public <S extends SourceSpec> Fetcher<S> forSource(S source) {
    Fetcher<?> f = fetchers.get(source.getClass());
    if (f == null) {
      throw new IllegalStateException("no fetcher for " + source.kind());
    }
    return (Fetcher<S>) f;
  }
}
