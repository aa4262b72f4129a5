package dev.airlock.net;

import java.time.Duration;

/** Retries for connect errors, 5xx and 429: exponential backoff, Retry-After honoured up to a cap. */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30));
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

  Duration backoff(int attempt, String retryAfter) {
    if (retryAfter != null) {
      try {
        long secs = Long.parseLong(retryAfter.trim());
        if (secs >= 0) {
          return min(Duration.ofSeconds(secs), maxBackoff);
        }
      } catch (NumberFormatException ignored) {
        // an HTTP date: fall back to our own backoff
      }
    }
    return min(initialBackoff.multipliedBy(1L << Math.min(attempt, 10)), maxBackoff);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
