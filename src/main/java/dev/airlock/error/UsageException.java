package dev.airlock.error;

/** Bad command line or invalid manifest: exit 2. */
public class UsageException extends AirlockException {
  public UsageException(String message) {
    super(USAGE, message);
  }
}
