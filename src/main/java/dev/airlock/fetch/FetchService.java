package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.FileSecret;
import dev.airlock.error.FetchException;
import dev.airlock.error.IoFailureException;
import dev.airlock.manifest.Manifest;
import dev.airlock.net.HttpTransport;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code airlock fetch}, in three steps under the workspace lock: {@link FetchPlan} decides which
 * sources are stale; {@link FetchStage} fetches those in parallel into staging (outside vendor) and
 * scans what was fetched for the run's own credentials; {@link FetchCommit} swaps each source's
 * folder into vendor and writes the lock. Any failure before the swap leaves vendor and lock as
 * they were; a failure during it puts back what was swapped.
 */
public final class FetchService {
  private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  private FetchTools tools;

  public FetchService(FetcherRegistry fetchers, HttpTransport http, CredentialResolver credentials,
      ContentCache cache, List<FileSecret> proxyLogins, FetchListener listener) {
    this.tools = new FetchTools(fetchers, http, credentials, cache, proxyLogins, listener, Optional.empty());
  }

  /**
   * Locked files are looked up in {@code remote} after the local cache and before the origin;
   * with its {@code write} on, what it lacks is uploaded after a successful run.
   */
  public FetchService withRemoteCache(Optional<RemoteCache> remote) {
    this.tools = tools.withRemote(remote);
    return this;
  }

  /**
   * The no-op shortcut ({@link UpToDate}): when the manifest at {@code manifestFile}, its lock and
   * every vendored file are as the last successful run left them, what that run reported; else
   * empty, and the caller reads the manifest and calls {@link #fetch}. Reads no YAML and loads no
   * network code. {@code override}: the {@code --vendor-dir} given, if any.
   */
  public static Optional<UpToDate.Summary> upToDate(Path manifestFile, Optional<Path> override, Consumer<String> warn) {
    Path workDir = Manifest.workDirOf(manifestFile);
    if (!Files.isRegularFile(UpToDate.file(workDir)) || !Files.isRegularFile(manifestFile)) {
      return Optional.empty();
    }
    try (WorkspaceLock ignored = WorkspaceLock.acquire(workDir, LOCK_WAIT, warn)) {
      return UpToDate.check(manifestFile, Manifest.lockFileOf(manifestFile), workDir, override);
    }
  }

  public FetchResult fetch(Manifest manifest, FetchOptions options) {
    try (WorkspaceLock ignored = WorkspaceLock.acquire(manifest.workDir(), LOCK_WAIT, tools.listener()::warn)) {
      return fetchLocked(manifest, options);
    } catch (IoFailureException e) { // the lock, the state: within a fetch, a failed write is a failed fetch
      throw new FetchException(e.getMessage(), e);
    }
  }

  private FetchResult fetchLocked(Manifest manifest, FetchOptions options) {
    removeLitter(manifest.workDir());
    // a checkout may plant symlinks where this run writes or deletes: refuse them before touching anything
    ProjectPaths.requireFetchLayout(manifest.baseDir(), manifest.vendorDir(), manifest.lockFile());
    FetchPlan plan = FetchPlan.read(manifest, options);
    plan.upToDate().values().forEach(o -> tools.listener().finished(o.name(), o.kind(), o.files(), 0, true));
    if (plan.nothingToDo()) {
      return FetchCommit.unchanged(manifest, options, plan);
    }
    Optional<RemoteCache> shared = options.offline() ? Optional.empty() : tools.remote();
    if (shared.isPresent()) {
      tools.credentials().deferSecrets(); // a runner served by the cache may have no registry secret at all
    }
    plan.stale().stream().filter(s -> shared.isEmpty() || plan.pinned(s).isEmpty())
        .forEach(s -> tools.credentials().preflight(s.credentials()));
    try (FetchStage stage = new FetchStage(tools, manifest, plan, options, shared)) {
      FetchCommit commit = new FetchCommit(manifest, options, plan, stage.run());
      try {
        return commit.apply(stage.fetchAndScan(), stage::upload);
      } catch (RuntimeException e) {
        commit.rollBack(); // a later source, a prune or the lock failed
        throw e;
      }
    }
  }

  /** Staging left by a killed run (we hold the workspace lock, so no other run owns it). */
  private static void removeLitter(Path workDir) {
    try (var entries = Files.list(workDir)) {
      entries.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(AtomicFiles::deleteQuietly);
    } catch (IOException ignored) {
      // nothing to clean
    }
  }
}
