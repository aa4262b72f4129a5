package dev.airlock.fetch;

import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.placement.VendorCommitter;
import dev.airlock.placement.VendorState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The last step of a fetch: no two sources claim one path, then each fetched source is swapped
 * into vendor (a folder replaced whole, or files placed one by one), what no source claims any
 * more is pruned, the lock is written, the vendor state saved and the no-op record renewed. Every
 * swap and prune is journaled: after a failure {@link #rollBack()} puts vendor back as it was.
 */
final class FetchCommit {
  private final Manifest manifest;
  private final FetchOptions options;
  private final FetchPlan plan;
  private final VendorCommitter committer;

  /** {@code run}: the run folder, where what is replaced or pruned waits until the end. */
  FetchCommit(Manifest manifest, FetchOptions options, FetchPlan plan, Path run) {
    this.manifest = manifest;
    this.options = options;
    this.plan = plan;
    this.committer = new VendorCommitter(manifest.vendorDir(), run);
  }

  /**
   * The plan had nothing to do: vendor and lock stay; the state is saved (it may have learnt
   * digests) and, unless a frozen run kept entries the manifest dropped, the no-op record renewed.
   */
  static FetchResult unchanged(Manifest manifest, FetchOptions options, FetchPlan plan) {
    Lock lock = plan.lock().orElseThrow();
    plan.state().save();
    if (plan.removed().isEmpty()) {
      UpToDate.record(manifest.file(), manifest.lockFile(), manifest.workDir(), manifest.vendorDir(),
          options.vendorOverride(), lock, inputFiles(manifest));
    }
    return new FetchResult(plan.outcomes(Map.of()), lock);
  }

  /**
   * Places {@code fetched}, prunes, writes the lock (not when frozen) and records the run; then
   * {@code afterRecord} gets the lock the sources now match (the remote cache's uploads).
   */
  FetchResult apply(List<FetchedSource> fetched, Consumer<Lock> afterRecord) {
    Lock current = plan.current();
    VendorState state = plan.state();
    Map<String, LockEntry> next = new LinkedHashMap<>(current.entries());
    plan.removed().forEach(next::remove);
    SharedFiles.checkConflicts(next, fetched);
    Map<String, SourceSpec> specs = manifest.sourcesByName();
    SharedFiles.checkFoldedNames(next, fetched, name -> specs.containsKey(name) && specs.get(name).allowCaseCollisions());
    Map<String, SourceOutcome> outcomes = new LinkedHashMap<>();
    for (FetchedSource f : fetched) {
      SourceSpec spec = specs.get(f.name());
      LockEntry previous = next.put(f.name(), LockEntry.of(f.name(), f.kind(), spec.fingerprint(), f.resolved(), f.files()));
      List<String> obsolete = SharedFiles.unclaimed(previous, next);
      if (f.placement() == FetchedSource.Placement.FOLDER) {
        committer.replace(f.root(), f.staging().resolve(f.root()));
        committer.prune(obsolete.stream().filter(p -> !p.startsWith(f.root() + "/")).toList());
      } else {
        committer.placeFiles(f.files().keySet(), f.staging(), obsolete);
      }
      f.files().forEach(state::record);
      outcomes.put(f.name(), new SourceOutcome(f.name(), f.kind(), f.files().size(), f.bytes(), false));
    }
    List<String> prunedFiles = new ArrayList<>();
    for (String name : plan.removed()) {
      prunedFiles.addAll(SharedFiles.unclaimed(current.entries().get(name), next));
    }
    committer.prune(prunedFiles);
    Lock written = Lock.of(next.values());
    if (!options.frozen()) {
      LockFile.write(manifest.lockFile(), written);
    }
    committer.cleanUp();
    state.save();
    // A failed run leaves vendor and lock as they were, so the previous record stays true until here.
    UpToDate.record(manifest.file(), manifest.lockFile(), manifest.workDir(), manifest.vendorDir(),
        options.vendorOverride(), written, inputFiles(manifest));
    afterRecord.accept(written);
    // a frozen run leaves fetch.lock as it was: that is the lock the run stands for
    return new FetchResult(plan.outcomes(outcomes), options.frozen() ? plan.lock().orElseThrow() : written);
  }

  /** A step failed: put back what this run placed or removed. */
  void rollBack() {
    committer.rollBack();
  }

  /** The lock files closure sources read: the no-op shortcut must notice when one changes. */
  private static List<Path> inputFiles(Manifest manifest) {
    return manifest.sources().stream().flatMap(s -> s.inputFiles().stream()).distinct().toList();
  }
}
