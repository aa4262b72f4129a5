package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import java.util.Optional;

/**
 * Splits netrc text into tokens. Tokens are separated by blanks or line breaks; a line whose first
 * non-blank character is {@code #} is a comment (a {@code #} anywhere else is literal). A token
 * that starts with {@code "} runs to the next unescaped {@code "} on the same line and may use the
 * escapes {@code \" \\ \n \r \t}. Error messages name the file and line, never token text.
 */
final class NetrcLexer {
  static final int MAX_TOKEN_CHARS = 4096;

  /** A token and where it starts. Its text may be a secret, so it never prints itself. */
  record Token(String text, boolean quoted, int line) {
    @Override
    public String toString() {
      return "Token[line=" + line + (quoted ? ", quoted" : "") + "]";
    }
  }

  private final String text;
  private final String fileName;
  private int pos;
  private int line = 1;
  private boolean atLineStart = true;

  NetrcLexer(String text, String fileName) {
    this.text = text;
    this.fileName = fileName;
    this.pos = text.startsWith("\uFEFF") ? 1 : 0; // a byte-order mark, as Notepad writes
  }

  /** The next token, or empty at the end of the text. */
  Optional<Token> next() {
    skipBlanksAndComments();
    if (pos >= text.length()) {
      return Optional.empty();
    }
    atLineStart = false;
    return Optional.of(text.charAt(pos) == '"' ? quoted() : bare());
  }

  /**
   * Skips a {@code macdef} body: the rest of the current line, then every line up to and including
   * the next empty line ({@code \n\n}, or {@code \r\n} after a line break), or to the end of the
   * text. As in curl and CPython, a line of spaces or tabs is part of the macro, not its end.
   */
  void skipMacroBody() {
    skipToLineEnd();
    while (pos < text.length()) {
      pos++; // the '\n'
      line++;
      int start = pos;
      skipToLineEnd();
      int length = pos - start;
      if (length == 0 || (length == 1 && text.charAt(start) == '\r')) {
        return;
      }
    }
  }

  UsageException error(int atLine, String message) {
    return new UsageException(fileName + ":" + atLine + ": " + message);
  }

  private void skipBlanksAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        atLineStart = true;
      } else if (isBlank(c)) {
        pos++;
      } else if (c == '#' && atLineStart) {
        skipToLineEnd();
      } else {
        return;
      }
    }
  }

  private Token bare() {
    int start = pos;
    while (pos < text.length() && !isBlank(text.charAt(pos))) {
      pos++;
      checkLength(start);
    }
    return new Token(text.substring(start, pos), false, line);
  }

  private Token quoted() {
    int start = pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length() || isLineBreak(pos)) {
        throw error(line, "quoted string is not closed on its line");
      }
      char c = text.charAt(pos++);
      checkLength(start);
      if (c == '"') {
        break;
      }
      value.append(c == '\\' ? escaped() : c);
    }
    if (pos < text.length() && !isBlank(text.charAt(pos))) {
      throw error(line, "a closing quote must be followed by a blank or a line break");
    }
    return new Token(value.toString(), true, line);
  }

  private char escaped() {
    if (pos >= text.length() || isLineBreak(pos)) {
      throw error(line, "quoted string is not closed on its line");
    }
    return switch (text.charAt(pos++)) {
      case '"' -> '"';
      case '\\' -> '\\';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> throw error(line, "unsupported escape in quoted string (only \\\" \\\\ \\n \\r \\t)");
    };
  }

  private void checkLength(int start) {
    if (pos - start > MAX_TOKEN_CHARS) {
      throw error(line, "token longer than " + MAX_TOKEN_CHARS + " characters");
    }
  }

  private void skipToLineEnd() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      pos++;
    }
  }

  private boolean isLineBreak(int at) {
    char c = text.charAt(at);
    return c == '\n' || (c == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n');
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }
}
