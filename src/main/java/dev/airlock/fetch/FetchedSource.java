package dev.airlock.fetch;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A source fetched into staging. {@code root} is the vendor-relative folder the source owns (e.g.
 * {@code files/model}); {@code files} maps each vendor-relative path under it to its digest;
 * {@code staging} mirrors the vendor layout, so the file for path P is {@code staging.resolve(P)}.
 */
public record FetchedSource(String name, String kind, String root, Path staging,
    SortedMap<String, String> resolved, SortedMap<String, String> files, long bytes) {
  public FetchedSource {
    resolved = new TreeMap<>(resolved);
    files = new TreeMap<>(files);
  }

  public static FetchedSource of(String name, String kind, String root, Path staging,
      Map<String, String> resolved, Map<String, String> files, long bytes) {
    return new FetchedSource(name, kind, root, staging, new TreeMap<>(resolved), new TreeMap<>(files), bytes);
  }
}
