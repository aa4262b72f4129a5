package dev.airlock.error;

/**
 * The one exception type that carries a process exit code; its kinds are the exit codes. Messages
 * must never contain a secret value: they are printed as they are (after the console's scrubber,
 * as a second line of defence). Anything else that escapes a command is an internal error.
 */
public abstract sealed class AirlockException extends RuntimeException
    permits CheckFailedException, UsageException, FetchException, IoFailureException {
  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int USAGE = 2;
  public static final int FETCH_FAILED = 3;
  /** A bug: an exception airlock did not expect (sysexits' EX_SOFTWARE). */
  public static final int INTERNAL = 70;
  /** A file airlock reads or writes outside a fetch could not be (sysexits' EX_IOERR). */
  public static final int IO_FAILED = 74;

  private final int exitCode;

  AirlockException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  AirlockException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
