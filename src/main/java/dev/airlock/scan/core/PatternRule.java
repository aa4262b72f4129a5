package dev.airlock.scan.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern for a secret the manifest does not know. Cheap literal {@code triggers} ride in the
 * shared Aho–Corasick pass; only where one occurs is {@code regex} run, on a window reaching
 * {@code behind} bytes before the trigger and {@code ahead} bytes after it. A match must contain
 * the trigger; group {@code valueGroup} is the secret (fingerprinted, never shown), and
 * {@code accept} rejects placeholders and documented examples.
 */
public record PatternRule(Rule rule, List<String> triggers, int behind, int ahead, Pattern regex, int valueGroup,
    Predicate<String> accept, PatternRule.Precheck precheck) {

  /** A verified match: offsets relative to the window's start, and the secret part. */
  public record Match(int start, int end, String value) {}

  public static final int MAX_BEHIND = 64;
  public static final int MAX_AHEAD = 4096;

  public PatternRule {
    triggers = List.copyOf(triggers);
    if (behind > MAX_BEHIND || ahead > MAX_AHEAD) {
      throw new IllegalArgumentException("window too large for " + rule);
    }
  }

  /**
   * Looks for a match in {@code buf[from, to)} that starts at most {@code behind} bytes before the
   * trigger and covers it. The regex is anchored at each candidate start (farthest first), never
   * searched through the window.
   */
  public Optional<Match> verify(byte[] buf, int from, int to, int trigStart, int trigEnd) {
    if (precheck != null && !precheck.test(buf, trigEnd, to)) {
      return Optional.empty();
    }
    String window = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    Matcher m = regex.matcher(window).useTransparentBounds(true).useAnchoringBounds(false);
    int ts = trigStart - from;
    int te = trigEnd - from;
    for (int start = Math.max(0, ts - behind); start <= ts; start++) {
      m.region(start, window.length());
      if (m.lookingAt() && m.end() >= te) {
        String value = m.group(valueGroup);
        if (value != null && accept.test(value)) {
          return Optional.of(new Match(m.start(), m.end(), value));
        }
      }
    }
    return Optional.empty();
  }

  /** A cheap test on the bytes after the trigger that must pass before the regex runs. */
  @FunctionalInterface
  public interface Precheck {
    boolean test(byte[] buf, int after, int to);
  }

  public PatternRule withPrecheck(Precheck p) {
    return new PatternRule(rule, triggers, behind, ahead, regex, valueGroup, accept, p);
  }

  public PatternRule(Rule rule, List<String> triggers, int behind, int ahead, Pattern regex, int valueGroup,
      Predicate<String> accept) {
    this(rule, triggers, behind, ahead, regex, valueGroup, accept, null);
  }
}
