package dev.airlock.scan.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What every scanner of one run shares: the compiled needles, the fingerprint key, the sink, the
 * limits, a temp folder (outside every scanned tree) and which tiers are on.
 */
public record ScanContext(Needles needles, Fingerprinter fingerprints, FindingSink sink, ScanLimits limits,
    Path tempDir, boolean fileRules) {

  /** Compiles the needles once: known secrets, and the pattern triggers when {@code patterns}. */
  public static ScanContext create(KnownSecrets secrets, boolean patterns, boolean fileRules, FindingSink sink,
      ScanLimits limits, Path tempDir) {
    return create(secrets, patterns, fileRules, sink, limits, tempDir, new Fingerprinter());
  }

  /** As above, naming values with {@code fingerprints} (a key kept across runs, see {@link Fingerprinter#load}). */
  public static ScanContext create(KnownSecrets secrets, boolean patterns, boolean fileRules, FindingSink sink,
      ScanLimits limits, Path tempDir, Fingerprinter fingerprints) {
    Needles n = Needles.compile(secrets.all(), patterns ? Patterns.all() : List.of());
    return new ScanContext(n, fingerprints, sink, limits, tempDir, fileRules);
  }

  public ScanContext withSink(FindingSink other) {
    return new ScanContext(needles, fingerprints, other, limits, tempDir, fileRules);
  }

  /** The known-secret tier alone, as {@code fetch} and {@code verify} run it. */
  public static ScanContext knownOnly(KnownSecrets secrets, FindingSink sink, Path tempDir) {
    return create(secrets, false, false, sink, ScanLimits.DEFAULT, tempDir);
  }
}
