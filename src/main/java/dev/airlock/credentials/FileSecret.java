package dev.airlock.credentials;

import java.util.Optional;

/**
 * A credential value read from a file another tool keeps (an npmrc token, a settings.xml or
 * .pypirc password), or a password a credential helper answered or a proxy URL holds, with the user
 * name it pairs with in a Basic header, if any: what the scrubber and the scanner must look for. {@link #toString()} never shows the value ({@link Secret} masks it).
 */
public record FileSecret(Secret value, Optional<String> user) {
  /** Registers the value (and {@code user:value}) with the run's output scrubber. */
  public void registerWith(SecretRegistry registry) {
    if (user.isPresent()) {
      registry.registerBasic(user.get(), value);
    } else {
      registry.register(value);
    }
  }
}
