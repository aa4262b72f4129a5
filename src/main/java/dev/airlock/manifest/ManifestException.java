package dev.airlock.manifest;

import dev.airlock.error.UsageException;
import java.util.List;

/**
 * An invalid manifest (exit 2). Carries every problem found, each formatted as
 * {@code FILE:LINE:COL: PATH: what is wrong}; the message joins them with newlines. No message
 * ever contains a value read from a credential field, a URL's user-info or a secret-like query
 * parameter.
 */
public class ManifestException extends UsageException {
  private final List<String> errors;

  public ManifestException(List<String> errors) {
    super(String.join("\n", errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ManifestException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** The problems in file order, one line each. */
  public List<String> errors() {
    return errors;
  }
}
