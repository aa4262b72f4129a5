package dev.airlock.scan;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Daemon threads, one per core: scanning is CPU-bound once files are cached. */
final class ScanPool {
  private ScanPool() {}

  static ExecutorService create() {
    int n = Math.max(1, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "airlock-scan");
      t.setDaemon(true);
      return t;
    });
  }
}
