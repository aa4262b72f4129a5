package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.placement.VendorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan of a fetch, without a network: a source is up to date only when the lock pins it (same
 * fingerprint and kind, not to re-resolve) and every locked file is in vendor with its digest;
 * lock entries the manifest dropped are removed; and only a run with nothing to fetch, nothing to
 * prune and a lock to keep has nothing to do.
 */
class FetchPlanTest {
  @TempDir Path project;
  @TempDir Path home;
  Manifest manifest;
  Path vendor;

  @BeforeEach
  void setUp() throws Exception {
    manifest(List.of("kept", "edited", "missing", "fresh"));
    vendor = manifest.vendorDir();
  }

  void manifest(List<String> names) throws Exception {
    StringBuilder y = new StringBuilder("version: 1\nsources:").append(names.isEmpty() ? " []\n" : "\n");
    for (String n : names) {
      y.append("  - { name: ").append(n).append(", credentials: none, http: { url: 'https://example.test/")
          .append(n).append(".bin' } }\n");
    }
    Files.writeString(project.resolve("fetch.yaml"), y);
    manifest = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", new Environment(Map.of(), home, project));
  }

  /** Vendors {@code name}'s one file and returns the lock entry that pins it. */
  LockEntry vendored(String name, String content) throws Exception {
    SourceSpec s = manifest.source(name).orElseThrow();
    String rel = "files/" + name + "/" + name + ".bin";
    Files.createDirectories(vendor.resolve(rel).getParent());
    Files.writeString(vendor.resolve(rel), content);
    String digest = VendorState.load(project.resolve("scratch-state"), vendor).digest(rel);
    return LockEntry.of(name, s.kind(), s.fingerprint(), Map.of("url", "https://example.test/" + name + ".bin"),
        Map.of(rel, digest));
  }

  Lock lock() throws Exception {
    List<LockEntry> entries = new ArrayList<>();
    entries.add(vendored("kept", "kept"));
    entries.add(vendored("edited", "as locked"));
    Files.writeString(vendor.resolve("files/edited/edited.bin"), "changed by hand");
    LockEntry missing = vendored("missing", "gone soon");
    Files.delete(vendor.resolve("files/missing/missing.bin"));
    entries.add(missing);
    entries.add(LockEntry.of("dropped", "http", "sha256:0", Map.of(), Map.of()));
    return Lock.of(entries);
  }

  VendorState state() {
    return VendorState.load(manifest.workDir().resolve("state"), vendor);
  }

  static List<String> names(List<SourceSpec> specs) {
    return specs.stream().map(SourceSpec::name).toList();
  }

  @Test
  void sourcesArePlannedUpToDateStaleOrRemoved() throws Exception {
    FetchPlan plan = FetchPlan.of(manifest, FetchOptions.defaults(), Optional.of(lock()), state());
    assertEquals(List.of("kept"), List.copyOf(plan.upToDate().keySet()));
    SourceOutcome kept = plan.upToDate().get("kept");
    assertTrue(kept.upToDate());
    assertEquals(1, kept.files());
    assertEquals(0, kept.bytes());
    assertEquals(List.of("edited", "missing", "fresh"), names(plan.stale()));
    assertEquals(List.of("dropped"), plan.removed());
    assertTrue(plan.pinned(manifest.source("missing").orElseThrow()).isPresent(), "a missing file keeps its pin");
    assertTrue(plan.pinned(manifest.source("fresh").orElseThrow()).isEmpty());
    assertFalse(plan.nothingToDo());
  }

  @Test
  void aChangedEntryOrAnUpdateIsNotPinned() throws Exception {
    Lock lock = lock();
    FetchOptions update = new FetchOptions(false, false, 1, Optional.of(Set.of("kept")));
    FetchPlan plan = FetchPlan.of(manifest, update, Optional.of(lock), state());
    assertTrue(plan.upToDate().isEmpty());
    assertTrue(plan.pinned(manifest.source("kept").orElseThrow()).isEmpty());
    assertEquals(List.of("kept", "edited", "missing", "fresh"), names(plan.stale()));

    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml"))
        .replace("kept.bin", "kept-2.bin"));
    manifest = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", new Environment(Map.of(), home, project));
    plan = FetchPlan.of(manifest, FetchOptions.defaults(), Optional.of(lock), state());
    assertTrue(plan.upToDate().isEmpty(), "the manifest entry changed: its fingerprint no longer matches the lock");
  }

  @Test
  void nothingToDoNeedsEverySourceInPlaceNothingToPruneAndALock() throws Exception {
    Lock lock = Lock.of(List.of(vendored("kept", "kept")));
    manifest(List.of("kept"));
    FetchPlan plan = FetchPlan.of(manifest, FetchOptions.defaults(), Optional.of(lock), state());
    assertTrue(plan.nothingToDo());
    assertEquals(List.of("kept"), plan.outcomes(Map.of()).stream().map(SourceOutcome::name).toList());
    assertEquals(Optional.of(lock), plan.lock());

    Lock withDropped = Lock.of(List.of(lock.entry("kept").orElseThrow(),
        LockEntry.of("dropped", "http", "sha256:0", Map.of(), Map.of())));
    assertFalse(FetchPlan.of(manifest, FetchOptions.defaults(), Optional.of(withDropped), state()).nothingToDo(),
        "a dropped source is pruned");
    FetchOptions frozen = new FetchOptions(true, false, 1, Optional.empty());
    assertTrue(FetchPlan.of(manifest, frozen, Optional.of(withDropped), state()).nothingToDo(),
        "a frozen run never prunes");

    manifest(List.of());
    FetchPlan noLock = FetchPlan.of(manifest, FetchOptions.defaults(), Optional.empty(), state());
    assertTrue(noLock.stale().isEmpty() && noLock.removed().isEmpty());
    assertFalse(noLock.nothingToDo(), "without a lock there is one to write");
  }
}
