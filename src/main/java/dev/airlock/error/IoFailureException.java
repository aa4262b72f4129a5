package dev.airlock.error;

/**
 * A file outside a fetch could not be read or written (a Dockerfile, a {@code scan -o} report, an
 * SBOM, a vendored file {@code verify} hashes): exit 74. Within {@code fetch} and {@code update}
 * the same failure is a failed fetch (exit 3).
 */
public final class IoFailureException extends AirlockException {
  public IoFailureException(String message) {
    super(IO_FAILED, message);
  }

  public IoFailureException(String message, Throwable cause) {
    super(IO_FAILED, message, cause);
  }
}
