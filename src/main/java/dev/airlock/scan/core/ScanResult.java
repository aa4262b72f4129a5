package dev.airlock.scan.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects findings (deduplicated) and coverage records from any number of threads. A finding can
 * be accepted afterwards (a reviewed one, with the reason from {@code .airlockignore}): it is then
 * reported apart and does not fail the scan.
 */
public final class ScanResult implements FindingSink {
  /** An accepted finding and why. */
  public record Accepted(Finding finding, String reason) {}

  private final Set<Finding> findings = new LinkedHashSet<>();
  private final List<Coverage> coverage = new ArrayList<>();
  private final List<Accepted> accepted = new ArrayList<>();

  @Override
  public synchronized void finding(Finding f) {
    findings.add(f);
  }

  @Override
  public synchronized void coverage(Coverage c) {
    coverage.add(c);
  }

  /** The findings not accepted, sorted by location, then rule. */
  public synchronized List<Finding> findings() {
    List<Finding> l = new ArrayList<>(findings);
    l.removeIf(f -> accepted.stream().anyMatch(a -> a.finding() == f));
    l.sort(Finding.ORDER);
    return l;
  }

  /** Every finding, accepted ones included, sorted. */
  public synchronized List<Finding> all() {
    List<Finding> l = new ArrayList<>(findings);
    l.sort(Finding.ORDER);
    return l;
  }

  /** The stable id of each finding ({@link FindingIds}), accepted ones included. */
  public synchronized Map<Finding, String> ids() {
    return FindingIds.of(all());
  }

  /** Accepts {@code f} (one of {@link #all()}) for {@code reason}. */
  public synchronized void accept(Finding f, String reason) {
    accepted.add(new Accepted(f, reason));
  }

  public synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  public synchronized List<Coverage> coverage() {
    return List.copyOf(coverage);
  }

  /** No finding that fails the scan (advisory warnings and accepted findings are listed but do not fail it). */
  public synchronized boolean clean() {
    return findings().stream().noneMatch(f -> f.rule().fails());
  }
}
