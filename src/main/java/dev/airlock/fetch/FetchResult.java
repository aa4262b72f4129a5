package dev.airlock.fetch;

import dev.airlock.lock.Lock;
import java.util.List;

/**
 * What a successful fetch did: one outcome per manifest source, in manifest order, and the lock
 * the run left ({@code fetch.lock} as written, or the lock a {@code --frozen} run checked).
 */
public record FetchResult(List<SourceOutcome> outcomes, Lock lock) {
  public FetchResult {
    outcomes = List.copyOf(outcomes);
  }

  /** How many sources were fetched (the others were up to date). */
  public long fetched() {
    return outcomes.stream().filter(o -> !o.upToDate()).count();
  }

  public long bytes() {
    return outcomes.stream().mapToLong(SourceOutcome::bytes).sum();
  }

  public int files() {
    return outcomes.stream().mapToInt(SourceOutcome::files).sum();
  }
}
