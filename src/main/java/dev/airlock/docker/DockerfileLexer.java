package dev.airlock.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions as BuildKit reads it: parser directives at the top
 * ({@code # escape=}), a byte order mark, instructions joined across escaped line breaks (blank and
 * comment lines inside them dropped, no space added, as Docker does), comment lines, and heredocs
 * ({@code <<EOF}, {@code <<-EOF}, quoted delimiters) after RUN, COPY and ADD, whose bodies are kept
 * with the instruction. Both {@code airlock dockerfile} (the template and its lint) and
 * {@code airlock scan --dockerfile} read Dockerfiles through this class.
 */
public final class DockerfileLexer {
  /** One heredoc: its delimiter and body, {@code line} = the body's first line (1-based). */
  public record Heredoc(String delimiter, String body, int line) {}

  /** {@code keyword} upper-case; {@code args} with continuations joined; {@code line} 1-based. */
  public record Instruction(String keyword, String args, int line, List<Heredoc> heredocs) {
    public Instruction {
      heredocs = List.copyOf(heredocs);
    }
  }

  /**
   * A comment line (0-based {@code index}); {@code insideOf} is the 1-based line of the instruction
   * whose continuation it interrupts, or 0 for a comment between instructions.
   */
  public record Comment(int index, String text, int insideOf) {}

  /** The whole file: the escape character, how many directive lines lead it, instructions, comments. */
  public record Lexed(char escape, int directiveLines, List<Instruction> instructions, List<Comment> comments) {
    public Lexed {
      instructions = List.copyOf(instructions);
      comments = List.copyOf(comments);
    }
  }

  /** A directive Docker would refuse ({@code # escape=x}); {@code line} 1-based. */
  public static final class SyntaxError extends IllegalArgumentException {
    private final int line;

    SyntaxError(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
  private static final List<String> HEREDOC_KEYWORDS = List.of("RUN", "COPY", "ADD");

  private DockerfileLexer() {}

  /** The instructions of {@code text}; a bad escape directive is ignored (the default {@code \} is kept). */
  public static List<Instruction> parse(String text) {
    try {
      return lex(text).instructions();
    } catch (SyntaxError e) {
      return lex(text, false).instructions();
    }
  }

  /** @throws SyntaxError for an escape directive other than {@code \} or {@code `} */
  public static Lexed lex(String text) {
    return lex(text, true);
  }

  private static Lexed lex(String text, boolean strict) {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!text.isEmpty() && text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1));
    }
    char escape = '\\';
    int directives = 0;
    while (directives < lines.size()) {
      Matcher m = DIRECTIVE.matcher(lines.get(directives));
      if (!m.matches()) {
        break;
      }
      if (m.group(1).toLowerCase(Locale.ROOT).equals("escape")) {
        if (m.group(2).equals("`") || m.group(2).equals("\\")) {
          escape = m.group(2).charAt(0);
        } else if (strict) {
          throw new SyntaxError(directives + 1, "escape must be ` or \\");
        }
      }
      directives++;
    }
    List<Instruction> out = new ArrayList<>();
    List<Comment> comments = new ArrayList<>();
    int i = directives;
    while (i < lines.size()) {
      String t = lines.get(i).strip();
      if (t.isEmpty() || t.startsWith("#")) {
        if (!t.isEmpty()) {
          comments.add(new Comment(i, lines.get(i), 0));
        }
        i++;
        continue;
      }
      int start = i;
      StringBuilder joined = new StringBuilder();
      while (true) {
        String cur = lines.get(i);
        String stripped = cur.stripTrailing();
        boolean continues = stripped.endsWith(String.valueOf(escape));
        joined.append(continues ? stripped.substring(0, stripped.length() - 1) : cur);
        i++;
        if (!continues) {
          break;
        }
        while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).strip().startsWith("#"))) {
          if (!lines.get(i).isBlank()) {
            comments.add(new Comment(i, lines.get(i), start + 1));
          }
          i++;
        }
        if (i >= lines.size()) {
          break;
        }
      }
      String full = joined.toString().strip();
      int sp = indexOfSpace(full);
      String keyword = (sp < 0 ? full : full.substring(0, sp)).toUpperCase(Locale.ROOT);
      String args = sp < 0 ? "" : full.substring(sp).strip();
      List<Heredoc> docs = new ArrayList<>();
      if (HEREDOC_KEYWORDS.contains(keyword) || keyword.equals("ONBUILD") && HEREDOC_KEYWORDS.contains(
          firstWord(args))) {
        Matcher h = HEREDOC.matcher(args);
        while (h.find()) {
          boolean stripTabs = !h.group(1).isEmpty();
          String delim = h.group(3);
          int bodyLine = i + 1;
          StringBuilder body = new StringBuilder();
          while (i < lines.size()) {
            String l = lines.get(i++);
            String cmp = stripTabs ? l.replaceFirst("^\t+", "") : l;
            if (cmp.equals(delim)) {
              break;
            }
            body.append(cmp).append('\n');
          }
          docs.add(new Heredoc(delim, body.toString(), bodyLine));
        }
      }
      out.add(new Instruction(keyword, args, start + 1, docs));
    }
    return new Lexed(escape, directives, out, comments);
  }

  private static String firstWord(String s) {
    int sp = indexOfSpace(s);
    return (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
