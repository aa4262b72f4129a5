package dev.airlock.credentials;

import dev.airlock.credentials.NetrcLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns netrc tokens into entries. Every {@code machine}/{@code default} starts a fresh entry, so
 * nothing carries over from one entry to the next. Keywords are case-insensitive; a quoted token is
 * never a keyword. Unknown tokens are ignored; {@code account}, {@code port} and {@code protocol}
 * take a value that is ignored; {@code macdef} bodies are skipped.
 */
final class NetrcParser {
  private static final Set<String> KEYWORDS =
      Set.of("machine", "default", "login", "password", "account", "macdef", "port", "protocol");

  private final NetrcLexer lexer;
  private final List<NetrcEntry> entries = new ArrayList<>();
  private EntryBuilder current;

  private NetrcParser(NetrcLexer lexer) {
    this.lexer = lexer;
  }

  static List<NetrcEntry> parse(String text, String fileName) {
    NetrcParser parser = new NetrcParser(new NetrcLexer(text, fileName));
    for (Optional<Token> t = parser.lexer.next(); t.isPresent(); t = parser.lexer.next()) {
      parser.accept(t.get());
    }
    parser.finishEntry();
    return List.copyOf(parser.entries);
  }

  private void accept(Token token) {
    String keyword = token.quoted() ? "" : token.text().toLowerCase(Locale.ROOT);
    switch (keyword) {
      case "machine" -> {
        finishEntry();
        Token name = valueOf(token);
        if (name.text().isEmpty() || hasControlChar(name.text())) {
          throw lexer.error(name.line(), "machine name is empty or contains a control character");
        }
        current = new EntryBuilder(Optional.of(name.text()), token.line());
      }
      case "default" -> {
        finishEntry();
        current = new EntryBuilder(Optional.empty(), token.line());
      }
      case "login" -> {
        EntryBuilder entry = entry(token);
        entry.login = credential(token, entry);
      }
      case "password" -> {
        EntryBuilder entry = entry(token);
        entry.password = credential(token, entry);
      }
      case "account", "port", "protocol" -> {
        entry(token);
        valueOf(token); // read and ignored
      }
      case "macdef" -> skipMacro(token);
      default -> { } // unknown tokens are ignored
    }
  }

  private EntryBuilder entry(Token keyword) {
    if (current == null) {
      throw lexer.error(keyword.line(), "'" + keyword.text() + "' before any machine or default entry");
    }
    return current;
  }

  /** Reads a login or password value: at most one of each per entry, no control characters. */
  private Optional<String> credential(Token keyword, EntryBuilder entry) {
    String name = keyword.text().toLowerCase(Locale.ROOT);
    Token value = valueOf(keyword);
    Optional<String> previous = name.equals("login") ? entry.login : entry.password;
    if (previous.isPresent()) {
      throw lexer.error(value.line(), "second " + name + " in the entry that starts on line " + entry.line);
    }
    if (hasControlChar(value.text())) {
      throw lexer.error(value.line(),
          name + " contains a control character (CR, LF, NUL, tab or similar); refusing the file");
    }
    return Optional.of(value.text());
  }

  /** The token after a keyword; an unquoted keyword there means the value is missing. */
  private Token valueOf(Token keyword) {
    Optional<Token> value = lexer.next();
    if (value.isEmpty()) {
      throw lexer.error(keyword.line(), "'" + keyword.text() + "' at the end of the file has no value");
    }
    Token v = value.get();
    if (!v.quoted() && KEYWORDS.contains(v.text().toLowerCase(Locale.ROOT))) {
      throw lexer.error(v.line(), "'" + keyword.text() + "' is followed by a keyword instead of a value"
          + " (quote the value if it really is that word)");
    }
    return v;
  }

  private void skipMacro(Token macdef) {
    Optional<Token> name = lexer.next();
    if (name.isEmpty() || name.get().line() != macdef.line()) {
      throw lexer.error(macdef.line(), "macdef needs a name on the same line");
    }
    lexer.skipMacroBody();
  }

  private void finishEntry() {
    if (current != null) {
      entries.add(new NetrcEntry(current.machine, current.login, current.password.map(Secret::of),
          current.line));
      current = null;
    }
  }

  /** C0 controls (U+0000..U+001F, including CR, LF, NUL and tab) and DEL. */
  static boolean hasControlChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static final class EntryBuilder {
    final Optional<String> machine;
    final int line;
    Optional<String> login = Optional.empty();
    Optional<String> password = Optional.empty();

    EntryBuilder(Optional<String> machine, int line) {
      this.machine = machine;
      this.line = line;
    }
  }
}
