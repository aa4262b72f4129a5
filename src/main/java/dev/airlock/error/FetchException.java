package dev.airlock.error;

/** A fetch failed (network, auth, host key, integrity): exit 3. */
public final class FetchException extends AirlockException {
  public FetchException(String message) {
    super(FETCH_FAILED, message);
  }

  public FetchException(String message, Throwable cause) {
    super(FETCH_FAILED, message, cause);
  }
}
