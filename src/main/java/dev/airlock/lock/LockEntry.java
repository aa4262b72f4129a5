package dev.airlock.lock;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One source in {@code fetch.lock}: the fingerprint of its manifest entry, its immutable resolution
 * (final URLs without credentials, commit SHAs, versions) and the sha256 of every vendored file,
 * keyed by path relative to the vendor dir.
 */
public record LockEntry(String name, String kind, String fingerprint,
    SortedMap<String, String> resolved, SortedMap<String, String> files) {
  public LockEntry {
    resolved = Collections.unmodifiableSortedMap(new TreeMap<>(resolved));
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  public static LockEntry of(String name, String kind, String fingerprint, Map<String, String> resolved,
      Map<String, String> files) {
    return new LockEntry(name, kind, fingerprint, new TreeMap<>(resolved), new TreeMap<>(files));
  }
}
