package dev.airlock.fetch;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A source fetched into staging. {@code root} is the vendor-relative folder the source's files are
 * under (e.g. {@code files/model}); {@code files} maps each vendor-relative path under it to its
 * digest; {@code staging} mirrors the vendor layout, so the file for path P is
 * {@code staging.resolve(P)}. {@code placement} says whether the source owns {@code root} (swapped
 * in whole) or shares it with other sources (its files are placed one by one).
 */
public record FetchedSource(String name, String kind, String root, Path staging,
    SortedMap<String, String> resolved, SortedMap<String, String> files, long bytes, Placement placement) {

  /** {@code FOLDER}: the source owns {@code root}. {@code FILES}: a shared folder such as {@code pypi/}. */
  public enum Placement { FOLDER, FILES }

  public FetchedSource {
    resolved = new TreeMap<>(resolved);
    files = new TreeMap<>(files);
  }

  /** A source that owns its root folder. */
  public static FetchedSource of(String name, String kind, String root, Path staging,
      Map<String, String> resolved, Map<String, String> files, long bytes) {
    return new FetchedSource(name, kind, root, staging, new TreeMap<>(resolved), new TreeMap<>(files), bytes,
        Placement.FOLDER);
  }

  /** A source whose files go into a folder shared with other sources. */
  public static FetchedSource sharedFolder(String name, String kind, String root, Path staging,
      Map<String, String> resolved, Map<String, String> files, long bytes) {
    return new FetchedSource(name, kind, root, staging, new TreeMap<>(resolved), new TreeMap<>(files), bytes,
        Placement.FILES);
  }
}
