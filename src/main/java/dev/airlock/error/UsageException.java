package dev.airlock.error;

/** Bad command line or invalid manifest: exit 2. Open to {@code manifest.ManifestException}. */
public non-sealed class UsageException extends AirlockException {
  public UsageException(String message) {
    super(USAGE, message);
  }
}
