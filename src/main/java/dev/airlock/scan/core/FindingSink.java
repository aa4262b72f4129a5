package dev.airlock.scan.core;

/** Receives findings and coverage records; implementations are thread-safe. */
public interface FindingSink {
  void finding(Finding f);

  void coverage(Coverage c);
}
