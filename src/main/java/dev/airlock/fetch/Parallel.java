package dev.airlock.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The files of one source fetched side by side on the run's file pool (separate from the pool
 * that runs sources, so a source waiting for its files never starves them). Results keep the
 * order of the items; the first failure (in item order) is rethrown as it was thrown, after every
 * item has finished, so no download still writes into staging when the caller gives up.
 */
public final class Parallel {
  private Parallel() {}

  public static <T, R> List<R> map(Executor executor, List<T> items, Function<T, R> task) {
    if (items.size() < 2) {
      return items.stream().map(task).toList();
    }
    List<CompletableFuture<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(CompletableFuture.supplyAsync(() -> task.apply(item), executor));
    }
    List<R> results = new ArrayList<>();
    RuntimeException first = null;
    for (CompletableFuture<R> f : futures) {
      try {
        results.add(f.join());
      } catch (CompletionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException re ? re : e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return results;
  }
}
