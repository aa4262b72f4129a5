package dev.airlock.error;

/**
 * The one exception type that carries a process exit code. Messages must never contain a secret
 * value: they are printed as they are (after the console's scrubber, as a second line of defence).
 */
public class AirlockException extends RuntimeException {
  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int USAGE = 2;
  public static final int FETCH_FAILED = 3;

  private final int exitCode;

  public AirlockException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public AirlockException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
