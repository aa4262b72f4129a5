package dev.airlock.docker;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Values that stand for a secret rather than being one: {@code ${TOKEN}}, {@code <password>}, {@code ****}. */
public final class Placeholders {
  private static final Pattern SHAPES = Pattern.compile(
      "^(\\$\\{[^}]*}|\\$\\(.*\\)|\\$[A-Za-z_][A-Za-z0-9_]*|%\\([^)]*\\)s|%[A-Za-z_][A-Za-z0-9_]*%|\\{\\{.*}}"
      + "|<[^>]*>|\\[[^\\]]*\\]|\\{[^}]*}|[*xX.#]{3,}|-+)$");
  private static final Set<String> WORDS = Set.of("password", "passwd", "pass", "pwd", "secret", "token",
      "changeme", "changeit", "placeholder", "redacted", "dummy", "example", "your-token", "your_token",
      "yourtoken", "your-password", "your_password", "mypassword", "mytoken", "apikey", "api_key", "none",
      "null", "true", "false", "undefined");

  private Placeholders() {}

  /** Whether {@code value} (already unquoted) is empty, a reference or a stock word. */
  public static boolean isPlaceholder(String value) {
    String v = value.strip();
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1).strip();
    }
    if (v.isEmpty() || SHAPES.matcher(v).matches()) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    return WORDS.contains(lower) || lower.startsWith("${") || lower.startsWith("$(") || lower.contains("example");
  }
}
