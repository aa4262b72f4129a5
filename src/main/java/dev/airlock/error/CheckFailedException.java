package dev.airlock.error;

/** A check failed (verify mismatch, frozen lock mismatch, scan finding): exit 1. */
public final class CheckFailedException extends AirlockException {
  public CheckFailedException(String message) {
    super(CHECK_FAILED, message);
  }
}
