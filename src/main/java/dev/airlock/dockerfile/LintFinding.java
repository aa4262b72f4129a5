package dev.airlock.dockerfile;

/**
 * One lint problem: where, which rule, and what (never a secret value). An {@code advisory} finding
 * (a name that only suggests a secret) is shown as a warning and does not stop the command.
 */
public record LintFinding(int line, LintRule rule, String message, boolean advisory) {
  public LintFinding(int line, LintRule rule, String message) {
    this(line, rule, message, false);
  }

  /** {@code FILE:LINE: RULE: MESSAGE}. */
  public String format(String file) {
    return file + ":" + line + ": " + rule.id() + ": " + message;
  }
}
