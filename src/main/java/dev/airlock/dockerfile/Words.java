package dev.airlock.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Splits instruction arguments into words the way Docker's shell lexer does, quotes removed. */
final class Words {
  private Words() {}

  static List<String> split(String s, char escape) {
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
  static List<String> jsonArray(String s) {
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
}
