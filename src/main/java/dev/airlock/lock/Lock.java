package dev.airlock.lock;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The whole {@code fetch.lock}: entries sorted by source name. */
public record Lock(int version, SortedMap<String, LockEntry> entries) {
  public static final int VERSION = 1;

  public Lock {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  public static Lock of(Collection<LockEntry> entries) {
    SortedMap<String, LockEntry> m = new TreeMap<>();
    entries.forEach(e -> m.put(e.name(), e));
    return new Lock(VERSION, m);
  }

  public static Lock empty() {
    return new Lock(VERSION, new TreeMap<>());
  }

  public Optional<LockEntry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Every vendored file of every entry: path relative to vendor → sha256. */
  public SortedMap<String, String> allFiles() {
    SortedMap<String, String> all = new TreeMap<>();
    for (LockEntry e : entries.values()) {
      all.putAll(e.files());
    }
    return all;
  }

  public Map<String, LockEntry> asMap() {
    return entries;
  }
}
