package dev.airlock.scan.core;

/** A {@link ScanLimits} limit was reached; the top-level input is reported as partly scanned. */
public final class LimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LimitExceeded(String message) {
    super(message, null, false, false);
  }
}
