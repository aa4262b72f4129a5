package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30));
  final Instant now = Instant.parse("2026-03-01T12:00:00Z");

  static String httpDate(Instant i) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(i.atOffset(ZoneOffset.UTC));
  }

  @Test
  void exponentialBackoffWithoutRetryAfter() {
    assertEquals(Duration.ofMillis(500), policy.backoff(0, null, now));
    assertEquals(Duration.ofMillis(1000), policy.backoff(1, null, now));
    assertEquals(Duration.ofMillis(2000), policy.backoff(2, null, now));
    assertEquals(Duration.ofSeconds(30), policy.backoff(20, null, now));
  }

  @Test
  void retryAfterSecondsIsHonouredUpToTheCap() {
    assertEquals(Duration.ZERO, policy.backoff(0, "0", now));
    assertEquals(Duration.ofSeconds(7), policy.backoff(0, " 7 ", now));
    assertEquals(Duration.ofSeconds(30), policy.backoff(0, "86400", now));
  }

  @Test
  void retryAfterHttpDate() {
    assertEquals(Duration.ofSeconds(12), policy.backoff(0, httpDate(now.plusSeconds(12)), now));
    assertEquals(Duration.ZERO, policy.backoff(0, httpDate(now.minusSeconds(60)), now));
    assertEquals(Duration.ofSeconds(30), policy.backoff(0, httpDate(now.plusSeconds(3600)), now));
  }

  @Test
  void garbageRetryAfterFallsBackToOurBackoff() {
    assertEquals(Duration.ofMillis(1000), policy.backoff(1, "soon", now));
    assertEquals(Duration.ofMillis(1000), policy.backoff(1, "-5", now));
    assertEquals(Duration.ofMillis(1000), policy.backoff(1, "99999999999999999999999", now));
  }
}
