package dev.airlock.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A text split into lines that keep their own line ending ({@code \n}, {@code \r\n} or none for
 * a last line without one), so that joining them gives back the exact input.
 */
record TextLines(List<Line> lines) {
  record Line(String text, String ending) {
    String full() {
      return text + ending;
    }
  }

  TextLines {
    lines = List.copyOf(lines);
  }

  static TextLines split(String s) {
    List<Line> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        boolean crlf = i > start && s.charAt(i - 1) == '\r';
        out.add(new Line(s.substring(start, crlf ? i - 1 : i), crlf ? "\r\n" : "\n"));
        start = i + 1;
      }
    }
    if (start < s.length()) {
      out.add(new Line(s.substring(start), ""));
    }
    return new TextLines(out);
  }

  /** {@code \r\n} when most terminated lines use it, else {@code \n}. */
  String dominantEnding() {
    long crlf = lines.stream().filter(l -> l.ending().equals("\r\n")).count();
    long lf = lines.stream().filter(l -> l.ending().equals("\n")).count();
    return crlf > lf ? "\r\n" : "\n";
  }

  List<String> texts() {
    return lines.stream().map(Line::text).toList();
  }
}
