package dev.airlock.scan.core;

/**
 * How deep and how much a scan unpacks. Hitting a limit is never silent: it is a
 * {@link Rule#COVERAGE_PARTIAL} finding naming the limit.
 *
 * @param maxDepth archives/compressed streams nested deeper than this are not opened
 * @param maxExpandedBytes decompressed bytes read out of one top-level input, all levels together
 * @param maxInMemory largest file read whole (credential files, JSON metadata); bigger ones stream
 */
public record ScanLimits(int maxDepth, long maxExpandedBytes, int maxInMemory) {
  public static final ScanLimits DEFAULT = new ScanLimits(8, 64L << 30, 8 << 20);
}
