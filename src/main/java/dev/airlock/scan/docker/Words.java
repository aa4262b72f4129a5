package dev.airlock.scan.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shell-ish word splitting for Dockerfile arguments: quotes group, JSON arrays are unwrapped. */
final class Words {
  private Words() {}

  static List<String> split(String args) {
    String s = args.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1).replace(",", " ");
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (cur.length() > 0 || any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0 || any) {
      out.add(cur.toString());
    }
    return out;
  }

  /** {@code ENV A=1 B="x y"}, or the legacy {@code ENV A value with spaces}. */
  static Map<String, String> keyValues(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> words = split(args);
    if (!words.isEmpty() && !words.get(0).contains("=")) {
      String rest = args.strip().substring(words.get(0).length()).strip();
      out.put(words.get(0), rest);
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
    return out;
  }
}
