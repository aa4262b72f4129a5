package dev.airlock.net;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Retries for connect errors, stalls, broken bodies, 5xx and 429: exponential backoff; a server's
 * Retry-After (seconds or an HTTP date) is honoured up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30));
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

  Duration backoff(int attempt, String retryAfter) {
    return backoff(attempt, retryAfter, Instant.now());
  }

  Duration backoff(int attempt, String retryAfter, Instant now) {
    if (retryAfter != null) {
      String v = retryAfter.trim();
      try {
        long secs = Long.parseLong(v);
        if (secs >= 0) {
          return min(Duration.ofSeconds(secs), maxBackoff);
        }
      } catch (NumberFormatException notSeconds) {
        try {
          Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          return d.isNegative() ? Duration.ZERO : min(d, maxBackoff);
        } catch (DateTimeParseException notADate) {
          // unusable: fall back to our own backoff
        }
      }
    }
    return min(initialBackoff.multipliedBy(1L << Math.min(attempt, 10)), maxBackoff);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
