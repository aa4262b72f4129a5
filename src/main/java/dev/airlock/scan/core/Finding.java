package dev.airlock.scan.core;

import java.util.Comparator;

/**
 * One finding. {@code subject} names what was found without revealing it: a credential's id from the
 * manifest (known secrets) or a keyed fingerprint {@code hmac:…} (everything else). {@code detail}
 * says how (the encoding, a variable name); never a value.
 */
public record Finding(Rule rule, Location location, String subject, String detail) {
  public static final Comparator<Finding> ORDER = Comparator
      .comparing((Finding f) -> f.location().display())
      .thenComparing(f -> f.rule().id())
      .thenComparing(Finding::subject)
      .thenComparing(Finding::detail);

  public String message() {
    String s = rule.title();
    if (!subject.isEmpty()) {
      s += " (" + subject + ")";
    }
    return detail.isEmpty() ? s : s + ": " + detail;
  }
}
