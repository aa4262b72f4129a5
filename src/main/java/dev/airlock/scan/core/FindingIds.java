package dev.airlock.scan.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable id of each finding, the one {@code .airlockignore} names and SARIF carries as
 * {@code partialFingerprints}: {@code fp:} and 16 hex digits of SHA-256 over the rule id, the
 * location without its line (so an edit above it does not change it), the detail, and the
 * finding's rank among findings with the same three. It holds nothing derived from the value: a
 * hash of a short password, even truncated, lets whoever reads a report test guesses offline. The
 * same finding therefore gets the same id on every run, on every machine and in every format;
 * the price is that a different secret at the very same place keeps the id (but a credential the
 * manifest names is never accepted, whatever its id).
 */
public final class FindingIds {
  private FindingIds() {}

  /** Ids of {@code findings} (in {@link Finding#ORDER}). */
  public static Map<Finding, String> of(List<Finding> findings) {
    Map<Finding, String> out = new IdentityHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Finding f : findings) {
      String base = f.rule().id() + "\u0000" + f.location().path() + "\u0000" + f.detail();
      int rank = seen.merge(base, 1, Integer::sum);
      out.put(f, id(base + "\u0000" + rank));
    }
    return out;
  }

  private static String id(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("airlock-finding-v1\u0000" + s)
          .getBytes(StandardCharsets.UTF_8));
      return "fp:" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
