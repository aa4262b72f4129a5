package dev.airlock.fetch;

import dev.airlock.error.CheckFailedException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.RemoteCacheSpec;
import dev.airlock.manifest.SourceSpec;
import dev.airlock.scan.KnownSecretScanner;
import dev.airlock.scan.KnownSecretsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of staging that looks for the run's own credentials in what it fetched: downloads while
 * they arrive ({@link ArrivalScan}), then, before anything is placed, whatever was not read yet.
 */
final class FetchScan {
  private final FetchTools tools;
  private final Manifest manifest;
  private final KnownSecretScanner early;
  private final ArrivalScan arrivals;

  /**
   * Without a remote cache the preflight has read every credential of the {@code stale} sources
   * (every helper has answered): downloads are scanned for them while they arrive, and the walk
   * before placing reads only what a backend made itself. With one, registry credentials are read
   * on first use (a runner may have none), so the whole scan waits for the end of the fetch.
   */
  FetchScan(FetchTools tools, Manifest manifest, List<SourceSpec> stale, Path run) {
    this.tools = tools;
    this.manifest = manifest;
    this.early = tools.remote().isPresent() ? null : new KnownSecretScanner(KnownSecretsLoader.usedBy(
        manifest, stale.stream().map(SourceSpec::credentials).toList(), tools.credentials(), tools.proxyLogins()));
    this.arrivals = early == null ? ArrivalScan.NONE : new ArrivalScan(early, run);
  }

  /** What the downloads report their bytes to while they arrive. */
  ArrivalScan arrivals() {
    return arrivals;
  }

  /**
   * The run's credentials in what it fetched. Downloads scanned while they arrived (their hits are
   * kept by sha256) are not read again: the walk reads only what a backend made itself.
   */
  void check(List<FetchedSource> fetched) {
    // A helper answers on first use, during the fetch: its password was not known while the
    // downloads arrived, so then everything is read again with the full set.
    boolean arrivedScanHolds = early != null && tools.credentials().helperAnswers().isEmpty();
    KnownSecretScanner scanner = early;
    if (!arrivedScanHolds) { // collected now that every credential the run used has been read
      Map<String, SourceSpec> specs = manifest.sourcesByName();
      List<CredentialRef> used = new ArrayList<>(fetched.stream().map(f -> specs.get(f.name()).credentials()).toList());
      if (tools.remote().isPresent()) { // the remote cache's own credential was used too
        manifest.remoteCache().flatMap(RemoteCacheSpec::credentials).map(CredentialRef::named).ifPresent(used::add);
      }
      scanner = new KnownSecretScanner(KnownSecretsLoader.usedBy(manifest, used, tools.credentials(),
          tools.proxyLogins()));
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
