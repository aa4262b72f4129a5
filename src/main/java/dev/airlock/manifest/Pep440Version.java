package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version as PEP 440 reads it (the pattern of its appendix), normalised: {@code
 * 1.0-alpha.1} and {@code 1.0a1} are the same version, {@code 1.0-1} is {@code 1.0.post1}. Used
 * both to validate a pin and to pick the files of that version out of an index's file names.
 */
public final class Pep440Version {
  private static final Pattern PATTERN = Pattern.compile(
      "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
          + "(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
          + "(?:-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?"
          + "(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
          + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
      Pattern.CASE_INSENSITIVE);

  private final String epoch;
  private final List<String> release;
  private final String pre;
  private final String post;
  private final String dev;
  private final List<String> local;

  private Pep440Version(String epoch, List<String> release, String pre, String post, String dev, List<String> local) {
    this.epoch = epoch;
    this.release = release;
    this.pre = pre;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  /** Empty when {@code text} is not a PEP 440 version (wildcards such as {@code 1.*} are not). */
  public static Optional<Pep440Version> parse(String text) {
    Matcher m = PATTERN.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(number(part));
    }
    String pre = "";
    if (m.group("preL") != null) {
      String label = switch (m.group("preL").toLowerCase(Locale.ROOT)) {
        case "alpha", "a" -> "a";
        case "beta", "b" -> "b";
        default -> "rc";
      };
      pre = label + number(m.group("preN"));
    }
    String post = m.group("postN1") != null ? number(m.group("postN1"))
        : m.group("postL") != null ? number(m.group("postN2")) : null;
    String dev = m.group("devL") != null ? number(m.group("devN")) : null;
    List<String> local = new ArrayList<>();
    if (m.group("local") != null) {
      for (String seg : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
        local.add(seg.chars().allMatch(Character::isDigit) ? number(seg) : seg);
      }
    }
    return Optional.of(new Pep440Version(number(m.group("epoch")), List.copyOf(release), pre, post, dev,
        List.copyOf(local)));
  }

  /** Digits without leading zeros; absent is 0. */
  private static String number(String digits) {
    if (digits == null) {
      return "0";
    }
    String s = digits.replaceFirst("^0+(?=.)", "");
    return s;
  }

  /** The normalised form, e.g. {@code 1.0rc1.post2.dev3+ubuntu.1}. */
  public String canonical() {
    String local = this.local.isEmpty() ? "" : "+" + String.join(".", this.local);
    return publicPart(release) + local;
  }

  private String publicPart(List<String> rel) {
    StringBuilder b = new StringBuilder();
    if (!epoch.equals("0")) {
      b.append(epoch).append('!');
    }
    b.append(String.join(".", rel)).append(pre);
    if (post != null) {
      b.append(".post").append(post);
    }
    if (dev != null) {
      b.append(".dev").append(dev);
    }
    return b.toString();
  }

  /** The public version with trailing {@code .0} release segments dropped: {@code 1.4} equals {@code 1.4.0}. */
  private String comparable() {
    List<String> rel = new ArrayList<>(release);
    while (rel.size() > 1 && rel.get(rel.size() - 1).equals("0")) {
      rel.remove(rel.size() - 1);
    }
    return publicPart(rel);
  }

  public boolean hasLocal() {
    return !local.isEmpty();
  }

  /**
   * PEP 440 {@code ==} matching: equal public versions (zero-padded), and equal local labels when
   * the pin has one; a pin without a local label ignores the candidate's (as pip does).
   */
  public boolean matches(Pep440Version candidate) {
    return comparable().equals(candidate.comparable()) && (local.isEmpty() || local.equals(candidate.local));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440Version v && comparable().equals(v.comparable()) && local.equals(v.local);
  }

  @Override
  public int hashCode() {
    return comparable().hashCode() * 31 + local.hashCode();
  }

  @Override
  public String toString() {
    return canonical();
  }
}
