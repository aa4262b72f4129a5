package dev.airlock.scan.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects findings (deduplicated) and coverage records from any number of threads. */
public final class ScanResult implements FindingSink {
  private final Set<Finding> findings = new LinkedHashSet<>();
  private final List<Coverage> coverage = new ArrayList<>();

  @Override
  public synchronized void finding(Finding f) {
    findings.add(f);
  }

  @Override
  public synchronized void coverage(Coverage c) {
    coverage.add(c);
  }

  /** Sorted by location, then rule. */
  public synchronized List<Finding> findings() {
    List<Finding> l = new ArrayList<>(findings);
    l.sort(Finding.ORDER);
    return l;
  }

  public synchronized List<Coverage> coverage() {
    return List.copyOf(coverage);
  }

  /** No finding that fails the scan (advisory warnings are listed but do not fail it). */
  public synchronized boolean clean() {
    return findings.stream().noneMatch(f -> f.rule().fails());
  }
}
