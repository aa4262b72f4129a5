package dev.airlock.manifest;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?": the same word in another case, else the closest within two edits. */
final class Suggest {
  static final int MAX_DISTANCE = 2;

  private Suggest() {}

  static Optional<String> closest(String word, Collection<String> candidates) {
    for (String c : candidates) {
      if (c.equalsIgnoreCase(word)) {
        return Optional.of(c);
      }
    }
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String c : candidates) {
      int d = distance(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance (insert, delete, substitute), two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
