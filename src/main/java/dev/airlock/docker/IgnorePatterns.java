package dev.airlock.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore} matching as Docker does it (moby/patternmatcher, "MatchesOrParentMatches"):
 * patterns in order, the last one matching the path or one of its parent folders decides, {@code !}
 * re-includes; {@code *} and {@code ?} stay within one path segment, {@code **} spans any number,
 * {@code \} escapes, a leading {@code /} and {@code ./} are dropped. Paths are slash-separated and
 * relative to the build context.
 */
public final class IgnorePatterns {
  private record Rule(Pattern regex, boolean exclusion, String text) {}

  private final List<Rule> rules;

  private IgnorePatterns(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Parses the lines of a {@code .dockerignore} (comments and blank lines skipped).
   *
   * @throws IllegalArgumentException naming the 1-based line of a pattern Docker would refuse
   */
  public static IgnorePatterns parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    boolean first = true;
    int lineNo = 0;
    for (String raw : lines) {
      lineNo++;
      String line = first && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
      first = false;
      if (line.startsWith("#")) {
        continue; // a comment only when # is the first character, as in Docker
      }
      String p = line.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exclusion = p.startsWith("!");
      if (exclusion) {
        p = p.substring(1).strip();
        if (p.isEmpty()) {
          continue; // Docker refuses "!" alone; here it simply matches nothing
        }
      }
      p = clean(p);
      try {
        rules.add(new Rule(Pattern.compile(toRegex(p)), exclusion, p));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("line " + lineNo + ": not a valid pattern");
      }
    }
    return new IgnorePatterns(rules);
  }

  public static IgnorePatterns parse(String text) {
    return parse(List.of(text.split("\r?\n", -1)));
  }

  /** Whether any pattern is a {@code !} re-include. */
  public boolean hasExclusions() {
    return rules.stream().anyMatch(Rule::exclusion);
  }

  /** True when {@code path} (a file or folder) is left out of the build context. */
  public boolean ignored(String path) {
    String file = clean(path);
    if (file.equals(".")) {
      return false;
    }
    List<String> parents = parents(file);
    boolean matched = false;
    for (Rule r : rules) {
      if (r.exclusion() != matched) {
        continue; // an exclude cannot change an already excluded path, nor a re-include a kept one
      }
      boolean m = r.regex().matcher(file).matches();
      for (int i = 0; !m && i < parents.size(); i++) {
        m = r.regex().matcher(parents.get(i)).matches();
      }
      if (m) {
        matched = !r.exclusion();
      }
    }
    return matched;
  }

  /**
   * Whether a walker must still descend into an ignored folder: some re-include pattern names a
   * path below it (Docker's context walker makes the same test).
   */
  public boolean mayReinclude(String dir) {
    String prefix = clean(dir) + "/";
    return rules.stream().anyMatch(r -> r.exclusion() && (r.text() + "/").startsWith(prefix));
  }

  private static List<String> parents(String file) {
    List<String> out = new ArrayList<>();
    int i = file.indexOf('/');
    while (i > 0) {
      out.add(file.substring(0, i));
      i = file.indexOf('/', i + 1);
    }
    return out;
  }

  /** Like Go's {@code filepath.Clean} for relative slash paths, also dropping a leading {@code /}. */
  public static String clean(String p) {
    String s = p.replace('\\', '\u0000'); // keep escapes out of the way of splitting
    List<String> out = new ArrayList<>();
    for (String seg : s.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
        out.remove(out.size() - 1);
      } else if (!seg.equals("..") || !p.startsWith("/")) {
        out.add(seg);
      }
    }
    String joined = String.join("/", out).replace('\u0000', '\\');
    return joined.isEmpty() ? "." : joined;
  }

  /** The pattern as an anchored regular expression over slash paths. */
  public static String toRegex(String p) {
    StringBuilder re = new StringBuilder();
    int n = p.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = p.charAt(i);
      if (inClass && c != ']' && c != '\\') {
        re.append(c == '[' ? "\\[" : String.valueOf(c)); // a class's body passes through, as in Docker
        continue;
      }
      if (c == '*') {
        if (i + 1 < n && p.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < n && p.charAt(i + 1) == '/') {
            i++;
          }
          re.append(i + 1 >= n ? ".*" : "(?:.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '\\' && i + 1 < n) {
        re.append(literal(p.charAt(++i)));
      } else if (c == '[' || c == ']') {
        inClass = c == '[';
        re.append(c);
      } else {
        re.append(literal(c));
      }
    }
    return re.toString();
  }

  private static String literal(char c) {
    return Character.isLetterOrDigit(c) || c > 0x7f ? String.valueOf(c) : "\\" + c;
  }
}
