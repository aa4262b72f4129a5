package dev.airlock.dockerfile;

/** One lint problem: where, which rule, and what (never a secret value). */
public record LintFinding(int line, LintRule rule, String message) {
  /** {@code FILE:LINE: RULE: MESSAGE}. */
  public String format(String file) {
    return file + ":" + line + ": " + rule.id() + ": " + message;
  }
}
