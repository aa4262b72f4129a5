package dev.airlock.net;

/**
 * A failure worth another attempt: connect errors, broken bodies, 5xx and 429. {@link HttpTransport}
 * retries it and, once out of attempts, turns it into a {@code FetchException}.
 */
final class RetryableException extends RuntimeException {
  /** The server's {@code Retry-After}, or null. */
  final String retryAfter;

  RetryableException(String message, String retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }
}
