package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.SafeExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second step of a fetch: a run folder under {@code .airlock/} (outside vendor), every stale
 * source fetched into it in parallel (local cache, then the remote one, then the origin), the
 * fetched content scanned for the run's credentials, the new downloads handed to the local cache.
 * Nothing in vendor or the lock changes here. Closing removes the run folder; so does Ctrl-C.
 */
final class FetchStage implements AutoCloseable {
  private final FetchTools tools;
  private final FetchPlan plan;
  private final FetchOptions options;
  private final Optional<RemoteCache> shared;
  private final Path run;
  /** Made with the run folder; sources that own their folder stage there ({@link Fetcher#placement}). */
  private static final String SHARED_STAGE = "stage";
  private final Path folders;
  private final Thread cleanup;
  private final CacheInbox inbox;
  private final Optional<RemoteTier> tier;
  private final ContentCache lookup;
  private final FetchScan scan;
  private final ExecutorService files;

  /** {@code shared}: the remote cache this run reads (none when offline). */
  FetchStage(FetchTools tools, Manifest manifest, FetchPlan plan, FetchOptions options, Optional<RemoteCache> shared) {
    this.tools = tools;
    this.plan = plan;
    this.options = options;
    this.shared = shared;
    this.run = createRunDir(manifest);
    this.folders = run.resolve(SHARED_STAGE);
    // Ctrl-C / SIGTERM: the JVM runs shutdown hooks, so staging never outlives the run.
    this.cleanup = new Thread(() -> interrupted(run), "airlock-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    this.inbox = new CacheInbox(tools.cache(), run.resolve("cache-inbox"));
    this.tier = shared.map(r -> new RemoteTier(r, run.resolve("remote-cache"), inbox, tools.listener()));
    this.lookup = tier.map(tools.cache()::withFallback).orElse(tools.cache());
    this.scan = new FetchScan(tools, manifest, plan.stale(), run);
    // The files of one source side by side, then the copies into the cache: apart from the
    // source pool, so a source waiting for its files never starves them.
    this.files = daemonPool(Math.max(1, options.jobs()), "airlock-file");
  }

  /** The run folder: staging, temp files, and the placement's trash. */
  Path run() {
    return run;
  }

  /**
   * Fetches every stale source, scans what arrived, and hands the new downloads to the local
   * cache. A failed source fails the run after the others have ended (all failures are reported).
   */
  List<FetchedSource> fetchAndScan() {
    List<FetchedSource> fetched = fetchAll();
    scan.check(fetched);
    inbox.commit(files);
    return fetched;
  }

  /** After a successful run, with {@code cache.write} on: what the remote cache lacks of {@code written}. */
  void upload(Lock written) {
    shared.filter(RemoteCache::write).ifPresent(r -> RemoteUploads.upload(r, tools.cache(),
        RemoteUploads.digests(written), tier.map(RemoteTier::hits).orElse(Set.of()), tools.listener()));
  }

  @Override
  public void close() {
    files.shutdownNow();
    AtomicFiles.deleteQuietly(run);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran
    }
  }

  /**
   * Ctrl-C: stop every transfer (no retry, no new request), then remove staging. A worker that was
   * between two writes may recreate a folder, so look once more after it has seen the abort.
   */
  private void interrupted(Path run) {
    tools.http().abort();
    tools.remote().ifPresent(RemoteCache::abort);
    AtomicFiles.deleteQuietly(run);
    try {
      Thread.sleep(150);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    AtomicFiles.deleteQuietly(run);
  }

  private static Path createRunDir(Manifest manifest) {
    try {
      Files.createDirectories(manifest.workDir());
      Path run = Files.createTempDirectory(manifest.workDir(), "run-");
      Files.createDirectory(run.resolve(SHARED_STAGE));
      return run;
    } catch (IOException e) {
      throw new FetchException("cannot create " + manifest.workDir() + ": " + e.getMessage());
    }
  }

  private List<FetchedSource> fetchAll() {
    List<SourceSpec> stale = plan.stale();
    if (stale.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = daemonPool(Math.max(1, Math.min(options.jobs(), stale.size())), "airlock-fetch");
    try {
      Map<SourceSpec, Future<FetchedSource>> futures = new LinkedHashMap<>();
      for (SourceSpec s : stale) {
        futures.put(s, pool.submit(() -> fetchOne(s, plan.pinned(s))));
      }
      List<FetchedSource> done = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      int exit = AirlockException.FETCH_FAILED;
      for (var e : futures.entrySet()) {
        try {
          done.add(e.getValue().get());
        } catch (ExecutionException ex) {
          Throwable c = ex.getCause();
          String msg = c instanceof AirlockException ? c.getMessage()
              : e.getKey().name() + ": " + c.getClass().getSimpleName() + ": " + c.getMessage();
          if (c instanceof AirlockException ae && ae.exitCode() == AirlockException.USAGE) {
            exit = AirlockException.USAGE;
          }
          tools.listener().failed(e.getKey().name(), msg);
          failures.add(msg);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new FetchException("interrupted");
        }
      }
      if (!failures.isEmpty()) {
        String head = failures.size() == 1 ? failures.get(0)
            : failures.size() + " sources failed:\n  " + String.join("\n  ", failures);
        String msg = head + "\nnothing was changed in the vendor dir or the lock";
        throw exit == AirlockException.USAGE ? new UsageException(msg) : new FetchException(msg);
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private <S extends SourceSpec> FetchedSource fetchOne(S s, Optional<LockEntry> locked) throws IOException {
    FetchListener listener = tools.listener();
    listener.started(s.name(), s.kind());
    Fetcher<S> fetcher = tools.fetchers().forSource(s);
    boolean ownsFolder = fetcher.placement() == FetchedSource.Placement.FOLDER;
    Path staging = ownsFolder ? folders : Files.createDirectories(run.resolve("stage-" + s.name()));
    FetchContext ctx = new FetchContext(tools.http(), tools.credentials(), lookup, inbox, options.offline(), listener,
        run.resolve("tmp-" + s.name()), SafeExtractor.Limits.DEFAULT.withCaseCollisions(s.allowCaseCollisions()), files,
        scan.arrivals());
    FetchedSource f;
    try {
      f = fetcher.fetch(s, locked, staging, ctx);
    } catch (AirlockException e) {
      throw tier.flatMap(t -> RemoteMisses.explain(s.name(), locked, t.misses(), tools.remote().orElseThrow(), e))
          .orElse(e);
    }
    if (ownsFolder && f.placement() != FetchedSource.Placement.FOLDER) { // its files lie beside other sources'
      throw new IllegalStateException(s.kind() + " fetcher declares FOLDER placement but placed " + f.placement());
    }
    listener.finished(s.name(), s.kind(), f.files().size(), f.bytes(), false);
    return f;
  }
}
