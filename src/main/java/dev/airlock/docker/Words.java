package dev.airlock.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits instruction arguments into words the way Docker's shell lexer does, quotes removed; reads
 * the JSON form ({@code ["a", "b"]}) and the key=value lists of ARG, ENV and LABEL.
 */
public final class Words {
  private Words() {}

  /** Words of {@code s}: whitespace separates, quotes group, the escape character escapes. */
  public static List<String> split(String s, char escape) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote == '"' && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == escape && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(c);
        }
      }
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }

  /** A JSON array of strings ({@code ["a", "b"]}), or null if {@code s} is not one. */
  public static List<String> jsonArray(String s) {
    String t = s.strip();
    if (!t.startsWith("[") || !t.endsWith("]")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = 1;
    int end = t.length() - 1;
    while (true) {
      while (i < end && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      if (i >= end) {
        return out;
      }
      if (t.charAt(i) != '"') {
        return null;
      }
      StringBuilder sb = new StringBuilder();
      i++;
      while (i < end && t.charAt(i) != '"') {
        char c = t.charAt(i++);
        if (c == '\\' && i < end) {
          char e = t.charAt(i++);
          sb.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> e;
          });
        } else {
          sb.append(c);
        }
      }
      if (i >= end) {
        return null;
      }
      out.add(sb.toString());
      i++;
      while (i < end && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      if (i < end && t.charAt(i) == ',') {
        i++;
      } else if (i < end) {
        return null;
      }
    }
  }

  /** The arguments of COPY, ADD, RUN, CMD…: the JSON form when it is one, else shell words. */
  public static List<String> arguments(String s, char escape) {
    List<String> json = jsonArray(s);
    return json != null ? json : split(s, escape);
  }

  /**
   * {@code ENV A=1 B="x y"} (a declaration without {@code =} maps to null, as in {@code ARG A}), or
   * the legacy {@code ENV A value with spaces}; {@code legacy} allows that form (ENV, LABEL).
   */
  public static Map<String, String> keyValues(String args, char escape, boolean legacy) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> words = split(args, escape);
    if (legacy && !words.isEmpty() && !words.get(0).contains("=")) {
      String a = args.strip();
      int sp = 0;
      while (sp < a.length() && !Character.isWhitespace(a.charAt(sp))) {
        sp++;
      }
      List<String> rest = split(a.substring(sp), escape);
      out.put(words.get(0), String.join(" ", rest));
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), w.substring(eq + 1));
      } else if (eq < 0) {
        out.put(w, null);
      }
    }
    return out;
  }
}
