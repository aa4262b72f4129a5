package dev.airlock.scan.core;

import java.util.concurrent.atomic.AtomicLong;

/** Counts what one top-level input yielded: files scanned, bytes scanned, bytes decompressed. */
public final class Tally {
  public final AtomicLong files = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  public final AtomicLong expanded = new AtomicLong();
  public final AtomicLong archives = new AtomicLong();
}
