package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.FileSecret;
import dev.airlock.error.AirlockException;
import dev.airlock.error.CheckFailedException;
import dev.airlock.error.FetchException;
import dev.airlock.error.IoFailureException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.RemoteCacheSpec;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.net.HttpTransport;
import dev.airlock.scan.KnownSecretScanner;
import dev.airlock.scan.KnownSecretsLoader;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.ProjectPaths;
import dev.airlock.placement.SafeExtractor;
import dev.airlock.placement.VendorCommitter;
import dev.airlock.placement.VendorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * {@code airlock fetch}: decide which sources are stale, fetch those in parallel into staging
 * (outside vendor), scan what was fetched for the run's own credentials, then swap each source's
 * folder into vendor and write the lock. Any failure before the swap leaves vendor and lock as
 * they were.
 */
public final class FetchService {
  private final FetcherRegistry fetchers;
  private final HttpTransport http;
  private final CredentialResolver credentials;
  private final List<FileSecret> proxyLogins;
  private final FetchListener listener;
  private final ContentCache cache;
  private Optional<RemoteCache> remote = Optional.empty();

  public FetchService(FetcherRegistry fetchers, HttpTransport http, CredentialResolver credentials,
      ContentCache cache, List<FileSecret> proxyLogins, FetchListener listener) {
    this.fetchers = fetchers;
    this.cache = cache;
    this.http = http;
    this.credentials = credentials;
    this.proxyLogins = List.copyOf(proxyLogins);
    this.listener = listener;
  }

  /**
   * Locked files are looked up in {@code remote} after the local cache and before the origin;
   * with its {@code write} on, what it lacks is uploaded after a successful run.
   */
  public FetchService withRemoteCache(Optional<RemoteCache> remote) {
    this.remote = remote;
    return this;
  }

  public List<SourceOutcome> fetch(Manifest manifest, FetchOptions options) {
    try (WorkspaceLock ignored = WorkspaceLock.acquire(manifest.workDir(), Duration.ofMinutes(10), listener::warn)) {
      return fetchLocked(manifest, options);
    } catch (IoFailureException e) { // the lock, the state: within a fetch, a failed write is a failed fetch
      throw new FetchException(e.getMessage(), e);
    }
  }

  private List<SourceOutcome> fetchLocked(Manifest manifest, FetchOptions options) {
    removeLitter(manifest.workDir());
    // a checkout may plant symlinks where this run writes or deletes: refuse them before touching anything
    ProjectPaths.requireFetchLayout(manifest.baseDir(), manifest.vendorDir(), manifest.lockFile());
    Optional<Lock> lock = LockFile.read(manifest.lockFile());
    lock.ifPresent(l -> ProjectPaths.requireLockedFolders(manifest.vendorDir(), l.allFiles().keySet()));
    if (options.frozen()) {
      FreezeCheck.check(manifest, lock);
    }
    Lock current = lock.orElse(Lock.empty());
    VendorState state = VendorState.load(manifest.workDir().resolve("state"), manifest.vendorDir());
    Map<String, SourceOutcome> outcomes = new LinkedHashMap<>();
    List<SourceSpec> stale = new ArrayList<>();
    for (SourceSpec s : manifest.sources()) {
      Optional<LockEntry> locked = pinned(s, current, options);
      if (locked.isPresent() && inPlace(state, manifest.vendorDir(), locked.get())) {
        outcomes.put(s.name(), new SourceOutcome(s.name(), s.kind(), locked.get().files().size(), 0, true));
        listener.finished(s.name(), s.kind(), locked.get().files().size(), 0, true);
      } else {
        outcomes.put(s.name(), null);
        stale.add(s);
      }
    }
    List<String> removed = current.entries().keySet().stream()
        .filter(n -> manifest.source(n).isEmpty()).toList();
    if (stale.isEmpty() && (removed.isEmpty() || options.frozen()) && lock.isPresent()) {
      state.save();
      if (removed.isEmpty()) {
        UpToDate.record(manifest.file(), manifest.lockFile(), manifest.workDir(), manifest.vendorDir(),
            options.vendorOverride(), lock.get(), inputFiles(manifest));
      }
      return List.copyOf(outcomes.values());
    }
    Optional<RemoteCache> shared = options.offline() ? Optional.empty() : remote;
    if (shared.isPresent()) {
      credentials.deferSecrets(); // a runner served by the cache may have no registry secret at all
    }
    stale.stream().filter(s -> shared.isEmpty() || pinned(s, current, options).isEmpty())
        .forEach(s -> credentials.preflight(s.credentials()));
    Path run = createRunDir(manifest);
    // Ctrl-C / SIGTERM: the JVM runs shutdown hooks, so staging never outlives the run.
    Thread cleanup = new Thread(() -> interrupted(run), "airlock-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    VendorCommitter committer = new VendorCommitter(manifest.vendorDir(), run);
    CacheInbox inbox = new CacheInbox(cache, run.resolve("cache-inbox"));
    Optional<RemoteTier> tier = shared.map(r -> new RemoteTier(r, run.resolve("remote-cache"), inbox, listener));
    ContentCache lookup = tier.map(cache::withFallback).orElse(cache);
    // Without a remote cache the preflight has read every credential (every helper has answered):
    // downloads are scanned for them while they arrive, and the walk before placing reads only what
    // a backend made itself. With one, registry credentials are read on first use (a runner may
    // have none), so the whole scan waits for the end of the fetch.
    KnownSecretScanner early = remote.isPresent() ? null : new KnownSecretScanner(KnownSecretsLoader.usedBy(
        manifest, stale.stream().map(SourceSpec::credentials).toList(), credentials, proxyLogins));
    ArrivalScan arrivals = early == null ? ArrivalScan.NONE : new ArrivalScan(early, run);
    // The files of one source side by side, then the copies into the cache: apart from the
    // source pool, so a source waiting for its files never starves them.
    ExecutorService files = daemonPool(Math.max(1, options.jobs()), "airlock-file");
    try {
      List<FetchedSource> fetched = fetchAll(stale, current, run, options, inbox, arrivals, files, lookup, tier);
      scan(manifest, fetched, early, arrivals);
      inbox.commit(files);
      Map<String, LockEntry> next = new LinkedHashMap<>(current.entries());
      removed.forEach(next::remove);
      SharedFiles.checkConflicts(next, fetched);
      SharedFiles.checkFoldedNames(next, fetched);
      for (FetchedSource f : fetched) {
        SourceSpec spec = manifest.source(f.name()).orElseThrow();
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
      for (String name : removed) {
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
      shared.filter(RemoteCache::write).ifPresent(r -> RemoteUploads.upload(r, cache, RemoteUploads.digests(written),
          tier.map(RemoteTier::hits).orElse(Set.of()), listener));
      return List.copyOf(outcomes.values());
    } catch (RuntimeException e) {
      // A later source, a prune or the lock failed: put back what this run placed or removed.
      committer.rollBack();
      throw e;
    } finally {
      files.shutdownNow();
      AtomicFiles.deleteQuietly(run);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran
      }
    }
  }

  /** The lock files closure sources read: the no-op shortcut must notice when one changes. */
  private static List<Path> inputFiles(Manifest manifest) {
    return manifest.sources().stream().flatMap(s -> s.inputFiles().stream()).distinct().toList();
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
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !state.digest(f.getKey()).equals(f.getValue())) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Ctrl-C: stop every transfer (no retry, no new request), then remove staging. A worker that was
   * between two writes may recreate a folder, so look once more after it has seen the abort.
   */
  private void interrupted(Path run) {
    http.abort();
    remote.ifPresent(RemoteCache::abort);
    AtomicFiles.deleteQuietly(run);
    try {
      Thread.sleep(150);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    AtomicFiles.deleteQuietly(run);
  }

  /** Staging left by a killed run (we hold the workspace lock, so no other run owns it). */
  private static void removeLitter(Path workDir) {
    try (var entries = Files.list(workDir)) {
      entries.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(AtomicFiles::deleteQuietly);
    } catch (IOException ignored) {
      // nothing to clean
    }
  }

  private static Path createRunDir(Manifest manifest) {
    try {
      Files.createDirectories(manifest.workDir());
      return Files.createTempDirectory(manifest.workDir(), "run-");
    } catch (IOException e) {
      throw new FetchException("cannot create " + manifest.workDir() + ": " + e.getMessage());
    }
  }

  private List<FetchedSource> fetchAll(List<SourceSpec> stale, Lock lock, Path run, FetchOptions options,
      CacheInbox inbox, ArrivalScan arrivals, ExecutorService files, ContentCache lookup, Optional<RemoteTier> tier) {
    if (stale.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = daemonPool(Math.max(1, Math.min(options.jobs(), stale.size())), "airlock-fetch");
    try {
      Map<SourceSpec, Future<FetchedSource>> futures = new LinkedHashMap<>();
      for (SourceSpec s : stale) {
        futures.put(s, pool.submit(() -> fetchOne(s, pinned(s, lock, options), run, options.offline(), inbox, arrivals,
            files, lookup, tier)));
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
          listener.failed(e.getKey().name(), msg);
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

  private <S extends SourceSpec> FetchedSource fetchOne(S s, Optional<LockEntry> locked, Path run, boolean offline,
      CacheInbox inbox, ArrivalScan arrivals, ExecutorService files, ContentCache lookup, Optional<RemoteTier> tier)
      throws IOException {
    listener.started(s.name(), s.kind());
    Path staging = Files.createDirectories(run.resolve("stage-" + s.name()));
    FetchContext ctx = new FetchContext(http, credentials, lookup, inbox, offline, listener,
        run.resolve("tmp-" + s.name()), SafeExtractor.Limits.DEFAULT, files, arrivals);
    FetchedSource f;
    try {
      f = fetchers.forSource(s).fetch(s, locked, staging, ctx);
    } catch (AirlockException e) {
      throw tier.flatMap(t -> RemoteMisses.explain(s.name(), locked, t.misses(), remote.orElseThrow(), e))
          .orElse(e);
    }
    listener.finished(s.name(), s.kind(), f.files().size(), f.bytes(), false);
    return f;
  }

  /**
   * The run's credentials in what it fetched. Downloads scanned while they arrived (their hits are
   * kept by sha256) are not read again: the walk reads only what a backend made itself.
   */
  private void scan(Manifest manifest, List<FetchedSource> fetched, KnownSecretScanner early,
      ArrivalScan arrivals) {
    // A helper answers on first use, during the fetch: its password was not known while the
    // downloads arrived, so then everything is read again with the full set.
    boolean arrivedScanHolds = early != null && credentials.helperAnswers().isEmpty();
    KnownSecretScanner scanner = early;
    if (!arrivedScanHolds) { // collected now that every credential the run used has been read
      List<CredentialRef> used = new ArrayList<>(fetched.stream()
          .map(f -> manifest.source(f.name()).orElseThrow().credentials()).toList());
      if (remote.isPresent()) { // the remote cache's own credential was used too
        manifest.remoteCache().flatMap(RemoteCacheSpec::credentials).map(CredentialRef::named).ifPresent(used::add);
      }
      scanner = new KnownSecretScanner(KnownSecretsLoader.usedBy(manifest, used, credentials, proxyLogins));
    }
    Map<String, List<String>> sha256s = new HashMap<>();
    fetched.forEach(f -> f.files().forEach((p, sha) -> sha256s.computeIfAbsent(p, k -> new ArrayList<>()).add(sha)));
    Set<String> hits = new LinkedHashSet<>();
    Predicate<String> scanned = shown -> {
      List<String> shas = sha256s.get(shown);
      if (!arrivedScanHolds || shas == null || !shas.stream().allMatch(sha -> arrivals.hits(sha).isPresent())) {
        return false;
      }
      shas.forEach(sha -> arrivals.hits(sha).get().forEach(l -> hits.add(l.withPart(0, shown).path())));
      return true;
    };
    hits.addAll(scanner.scanTrees(fetched.stream()
        .map(f -> new KnownSecretScanner.Tree(f.staging(), f.staging().resolve(f.root()))).toList(), scanned));
    if (!hits.isEmpty()) {
      throw new CheckFailedException("a credential used by this run was found in fetched content: "
          + String.join(", ", hits) + "\nnothing was placed in " + manifest.vendorDir());
    }
  }
}
