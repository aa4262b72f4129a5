package dev.airlock.manifest;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises where someone tried to put a secret value into the manifest. */
final class SecretKeys {
  /** Fragments of key names that only ever hold a secret value (compared without - and _). */
  private static final List<String> SECRET_WORDS = List.of(
      "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "auth",
      "privatekey", "accesskey", "value");

  /** Well-known token formats that also happen to be valid variable names. */
  private static final Pattern KNOWN_TOKEN = Pattern.compile(
      "(?:gh[pousr]_|github_pat_|npm_|pypi-|glpat-|xox[abpr]-)\\S+|(?:AKIA|ASIA)[A-Z0-9]{16}");

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
   * A string given as an environment variable name that looks like a token instead: a known
   * token prefix, or 32+ characters mixing lower case, upper case and digits (variable names
   * are conventionally UPPER_SNAKE).
   */
  static boolean looksLikeSecretValue(String s) {
    if (KNOWN_TOKEN.matcher(s).matches()) {
      return true;
    }
    return s.length() >= 32
        && s.chars().anyMatch(Character::isLowerCase)
        && s.chars().anyMatch(Character::isUpperCase)
        && s.chars().anyMatch(Character::isDigit);
  }

  static String literalSecret(String advice) {
    return "literal secrets are not allowed in the manifest; " + advice;
  }
}
