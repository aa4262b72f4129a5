package dev.airlock.error;

/**
 * The one sanitizer for text airlock did not write itself (a server's error line, reason phrase,
 * index or packument text, a scanned file's line): control characters are shown as escapes, never
 * sent to the terminal. A server's {@code ERR \e]0;…\a\e[2J} or a forged {@code \nerror: …} line
 * can then neither drive the terminal nor pass for airlock's own output. Escaped: C0 controls,
 * DEL, C1 controls (U+0080–U+009F, which some terminals obey as CSI/OSC), the line and paragraph
 * separators, and the bidirectional overrides that make text read differently from what it is.
 * The console applies {@link #lines} to every line as a last line of defence; code that builds
 * a one-line message from server text applies {@link #escape}.
 */
public final class ControlChars {
  private ControlChars() {}

  /** Every control character escaped, line breaks included: for a server string inside one line. */
  public static String escape(String text) {
    return text == null ? null : escape(text, false);
  }

  /** As {@link #escape}, but {@code \n} and {@code \t} kept: for whole lines airlock prints. */
  public static String lines(String text) {
    return text == null ? null : escape(text, true);
  }

  /**
   * A JSON document with the characters JSON allows raw inside strings (C1 controls, separators,
   * bidi overrides) written as {@code \}{@code uXXXX} escapes; a raw C0 control (JSON forbids it)
   * is escaped the same way. The document means the same after as before.
   */
  public static String json(String document) {
    StringBuilder b = null;
    for (int i = 0; i < document.length(); i++) {
      char c = document.charAt(i);
      if (c != '\n' && c != '\t' && c != '\r' && hazard(c)) {
        if (b == null) {
          b = new StringBuilder(document.length() + 16).append(document, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? document : b.toString();
  }

  static boolean hazard(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
        || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escape(String text, boolean keepLines) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean kept = keepLines && (c == '\n' || c == '\t');
      if (!kept && hazard(c)) {
        if (b == null) {
          b = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }
}
