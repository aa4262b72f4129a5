package dev.airlock.manifest;

import dev.airlock.docker.SecretRule;
import java.util.List;
import java.util.Locale;

/** Recognises where someone tried to put a secret value into the manifest. */
final class SecretKeys {
  /** Fragments of key names that only ever hold a secret value (compared without - and _). */
  private static final List<String> SECRET_WORDS = List.of(
      "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "auth",
      "privatekey", "accesskey", "value");

  private SecretKeys() {}

  /**
   * A key such as {@code password}, {@code api_key}, {@code token}, {@code auth} or
   * {@code value}: its value is a literal secret. Only asked about keys that are not allowed.
   */
  static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  /**
   * A string given as an environment variable name or a helper argument that looks like a secret
   * value instead: the shared rule's value check, which never takes a path for a secret.
   */
  static boolean looksLikeSecretValue(String s) {
    return SecretRule.looksLikeSecretValue(s);
  }

  static String literalSecret(String advice) {
    return "literal secrets are not allowed in the manifest; " + advice;
  }
}
