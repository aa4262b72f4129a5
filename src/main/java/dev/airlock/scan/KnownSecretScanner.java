package dev.airlock.scan;

import dev.airlock.scan.core.BlobScanner;
import dev.airlock.scan.core.ContentScanner;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.KnownSecret;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.Fingerprinter;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Needles;
import dev.airlock.scan.core.ScanLimits;
import dev.airlock.scan.core.Tally;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.core.TreeScanner;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * The known-secret tier over a folder, for {@code fetch} (before anything is placed) and
 * {@code verify}: the run's own credential values in every encoding, inside archives and compressed
 * streams too. Reports locations, never values.
 */
public final class KnownSecretScanner {
  private final KnownSecrets secrets;
  private volatile Needles needles;
  private volatile Fingerprinter fingerprints;

  public KnownSecretScanner(KnownSecrets secrets) {
    this.secrets = secrets;
  }

  /** One folder to scan: locations are shown relative to {@code base}. */
  public record Tree(Path base, Path root) {}

  /** Whether there is nothing to search for (no values, or all too short to search). */
  public boolean isEmpty() {
    return secrets.all().stream().allMatch(KnownSecret::tooShort);
  }

  /** Whether the stream holds a known secret (raw bytes; not opened as an archive). */
  public boolean containsSecret(InputStream in) throws IOException {
    ScanResult result = new ScanResult();
    new ContentScanner(context(result, Path.of(System.getProperty("java.io.tmpdir")))).scan(in, Location.of("stream"));
    return !result.clean();
  }

  /** Whether the file holds a known secret, inside archives and compressed streams too. */
  public boolean containsSecret(Path file) throws IOException {
    ScanResult result = new ScanResult();
    Path temp = Files.createTempDirectory("airlock-scan-");
    try {
      new BlobScanner(context(result, temp)).scanFile(file, file.getFileName().toString(),
          Location.of(file.getFileName().toString()), new Tally());
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
    return result.findings().stream().anyMatch(f -> f.rule() == Rule.KNOWN_SECRET);
  }

  /**
   * The known-secret hits in a file while it is written ({@link BlobScanner#scanArriving}): reads
   * {@code in} to its end. Locations start with {@code name}; the caller renames that first part to
   * wherever the file ends up. {@code temp} takes a nested zip while it is opened.
   */
  public List<Location> scanArriving(InputStream in, Path file, String name, Path temp) throws IOException {
    ScanResult result = new ScanResult();
    new BlobScanner(context(result, temp)).scanArriving(in, file, name, Location.of(name), new Tally());
    return result.findings().stream().filter(f -> f.rule() == Rule.KNOWN_SECRET).map(Finding::location).toList();
  }

  /**
   * Locations (relative to {@code base}, members as {@code a.tar.gz!/x/y}) under {@code root}
   * that hold a known secret.
   */
  public List<String> scanTree(Path base, Path root) {
    return scanTrees(List.of(new Tree(base, root)));
  }

  /** {@link #scanTree} over several folders, with one compiled automaton and one thread pool. */
  public List<String> scanTrees(List<Tree> trees) {
    return scanTrees(trees, p -> false);
  }

  /** As {@link #scanTrees(List)}, leaving out the files whose location {@code done} says were scanned already. */
  public List<String> scanTrees(List<Tree> trees, Predicate<String> done) {
    List<Tree> present = trees.stream().filter(t -> Files.exists(t.root(), LinkOption.NOFOLLOW_LINKS)).toList();
    if (secrets.isEmpty() || present.isEmpty()) {
      return List.of();
    }
    ScanResult result = new ScanResult();
    Path temp = null;
    ExecutorService pool = ScanPool.create();
    try {
      temp = Files.createTempDirectory("airlock-scan-");
      TreeScanner scanner = new TreeScanner(new BlobScanner(context(result, temp)), pool);
      scanner.scanAll(present.stream().map(t -> {
        String display = t.base().relativize(t.root()).toString().replace(java.io.File.separatorChar, '/');
        return new TreeScanner.Root(t.root(), display.isEmpty() ? "." : display);
      }).toList(), p -> true, done);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdownNow();
      if (temp != null) {
        AtomicFiles.deleteQuietly(temp);
      }
    }
    return result.findings().stream().filter(f -> f.rule() == Rule.KNOWN_SECRET)
        .map(Finding::location).map(Location::path)
        .distinct().toList();
  }

  /**
   * The known-secret tier alone; the automaton and the run's fingerprint key are made on first use
   * and shared by every scan (a key per call cost a SecureRandom, a /dev/urandom read, per blob).
   */
  private ScanContext context(ScanResult sink, Path temp) {
    Needles n = needles;
    Fingerprinter f = fingerprints;
    if (n == null || f == null) {
      synchronized (this) {
        if (needles == null) {
          needles = ScanContext.knownOnly(secrets, sink, temp).needles();
        }
        if (fingerprints == null) {
          fingerprints = new Fingerprinter();
        }
        n = needles;
        f = fingerprints;
      }
    }
    return new ScanContext(n, f, sink, ScanLimits.DEFAULT, temp, false);
  }
}
