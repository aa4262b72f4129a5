package dev.airlock.fetch;

import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.placement.ProjectPaths;
import dev.airlock.placement.VendorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a fetch: which sources are up to date (pinned by the lock, and every locked
 * file in place as recorded), which are stale (new, changed, to update, or with a file missing or
 * altered), which the manifest no longer has; and whether there is nothing to do at all.
 */
final class FetchPlan {
  private final Manifest manifest;
  private final FetchOptions options;
  private final Optional<Lock> lock;
  private final VendorState state;
  private final Map<String, SourceOutcome> upToDate;
  private final List<SourceSpec> stale;
  private final List<String> removed;

  private FetchPlan(Manifest manifest, FetchOptions options, Optional<Lock> lock, VendorState state,
      Map<String, SourceOutcome> upToDate, List<SourceSpec> stale, List<String> removed) {
    this.manifest = manifest;
    this.options = options;
    this.lock = lock;
    this.state = state;
    this.upToDate = upToDate;
    this.stale = stale;
    this.removed = removed;
  }

  /**
   * Reads the lock (its folders must be real ones), checks {@code --frozen}, loads the vendor
   * state and plans.
   */
  static FetchPlan read(Manifest manifest, FetchOptions options) {
    Optional<Lock> lock = LockFile.read(manifest.lockFile());
    lock.ifPresent(l -> ProjectPaths.requireLockedFolders(manifest.vendorDir(), l.allFiles().keySet()));
    if (options.frozen()) {
      FreezeCheck.check(manifest, lock);
    }
    return of(manifest, options, lock, VendorState.load(manifest.workDir().resolve("state"), manifest.vendorDir()));
  }

  /** The plan for {@code manifest} against {@code lock} and what {@code state} knows of the vendor dir. */
  static FetchPlan of(Manifest manifest, FetchOptions options, Optional<Lock> lock, VendorState state) {
    Lock current = lock.orElse(Lock.empty());
    Map<String, SourceOutcome> upToDate = new LinkedHashMap<>();
    List<SourceSpec> stale = new ArrayList<>();
    for (SourceSpec s : manifest.sources()) {
      Optional<LockEntry> locked = pinned(s, current, options);
      if (locked.isPresent() && inPlace(state, manifest.vendorDir(), locked.get())) {
        upToDate.put(s.name(), new SourceOutcome(s.name(), s.kind(), locked.get().files().size(), 0, true));
      } else {
        stale.add(s);
      }
    }
    Map<String, SourceSpec> specs = manifest.sourcesByName();
    List<String> removed = current.entries().keySet().stream().filter(n -> !specs.containsKey(n)).toList();
    return new FetchPlan(manifest, options, lock, state, upToDate, List.copyOf(stale), removed);
  }

  /** The lock as read, if there was one. */
  Optional<Lock> lock() {
    return lock;
  }

  /** The lock as read, or an empty one. */
  Lock current() {
    return lock.orElse(Lock.empty());
  }

  VendorState state() {
    return state;
  }

  /** The sources already in place, by name, in manifest order. */
  Map<String, SourceOutcome> upToDate() {
    return Collections.unmodifiableMap(upToDate);
  }

  /** The sources to fetch, in manifest order. */
  List<SourceSpec> stale() {
    return stale;
  }

  /** Lock entries whose source the manifest no longer has. */
  List<String> removed() {
    return removed;
  }

  /**
   * Nothing to fetch and nothing to prune (a frozen run never prunes), and a lock to keep: the
   * vendor dir and the lock stay as they are.
   */
  boolean nothingToDo() {
    return stale.isEmpty() && (removed.isEmpty() || options.frozen()) && lock.isPresent();
  }

  /** The lock entry a source is fetched by: absent when new, changed, or to re-resolve. */
  Optional<LockEntry> pinned(SourceSpec s) {
    return pinned(s, current(), options);
  }

  /** Outcomes in manifest order: the up-to-date ones with those of {@code fetched}. */
  List<SourceOutcome> outcomes(Map<String, SourceOutcome> fetched) {
    return manifest.sources().stream().map(SourceSpec::name)
        .map(n -> upToDate.containsKey(n) ? upToDate.get(n) : fetched.get(n)).toList();
  }

  private static Optional<LockEntry> pinned(SourceSpec s, Lock lock, FetchOptions options) {
    if (options.reResolve(s.name())) {
      return Optional.empty();
    }
    return lock.entry(s.name())
        .filter(e -> e.fingerprint().equals(s.fingerprint()) && e.kind().equals(s.kind()));
  }

  private static boolean inPlace(VendorState state, Path vendor, LockEntry entry) {
    for (var f : entry.files().entrySet()) {
      Path p = vendor.resolve(f.getKey());
      try {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || !state.digest(f.getKey()).equals(f.getValue())) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
