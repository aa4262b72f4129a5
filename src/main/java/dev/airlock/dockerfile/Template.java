package dev.airlock.dockerfile;

import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's Dockerfile template, read the way Docker reads it: parser directives at the top
 * ({@code # escape=}), instructions joined across escaped line breaks (comment and blank lines
 * inside them dropped), heredoc bodies skipped, and the {@code # airlock:vendor [NAME…]} marker
 * lines. Line numbers are 1-based.
 */
public record Template(String name, TextLines text, char escape, int directiveLines,
    List<Instruction> instructions, List<Marker> markers) {

  /** One instruction: {@code keyword} upper-cased, {@code args} with continuations joined. */
  public record Instruction(int line, String keyword, String args) {}

  /** A marker line (0-based index into the text) and the source names it lists (empty: all). */
  public record Marker(int index, List<String> names) {
    public int line() {
      return index + 1;
    }
  }

  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^\\s*#\\s*airlock:vendor(?:\\s+(.*?))?\\s*$");
  private static final Pattern NEAR_MARKER = Pattern.compile("(?i)^\\s*#\\s*airlock\\s*:?\\s*vendor.*");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

  public Template {
    instructions = List.copyOf(instructions);
    markers = List.copyOf(markers);
  }

  /** Parses {@code content}; {@code name} is how errors name the file. */
  public static Template parse(String name, String content) {
    TextLines text = TextLines.split(content);
    List<String> lines = new ArrayList<>(text.texts());
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1)); // a byte order mark is not part of the first instruction
    }
    char escape = '\\';
    int directives = 0;
    while (directives < lines.size()) {
      Matcher m = DIRECTIVE.matcher(lines.get(directives));
      if (!m.matches()) {
        break;
      }
      if (m.group(1).toLowerCase(Locale.ROOT).equals("escape")) {
        if (!m.group(2).equals("`") && !m.group(2).equals("\\")) {
          throw new UsageException(name + ":" + (directives + 1) + ": escape must be ` or \\");
        }
        escape = m.group(2).charAt(0);
      }
      directives++;
    }
    List<Instruction> instructions = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    boolean seenFrom = false;
    int i = directives;
    while (i < lines.size()) {
      String line = lines.get(i);
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        Matcher m = MARKER.matcher(line);
        if (m.matches()) {
          if (!seenFrom) {
            throw new UsageException(name + ":" + (i + 1) + ": the airlock:vendor line comes before the first FROM; "
                + "put it inside a build stage");
          }
          String names = m.group(1) == null ? "" : m.group(1).strip();
          markers.add(new Marker(i, names.isEmpty() ? List.of() : List.of(names.split("\\s+"))));
        } else if (NEAR_MARKER.matcher(line).matches()) {
          throw new UsageException(name + ":" + (i + 1) + ": looks like an airlock marker but is not one; "
              + "write it as '# airlock:vendor' or '# airlock:vendor NAME…'");
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
          if (MARKER.matcher(lines.get(i)).matches()) {
            throw new UsageException(name + ":" + (i + 1) + ": the airlock:vendor line is inside the instruction "
                + "that starts at line " + (start + 1) + "; move it out");
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
      instructions.add(new Instruction(start + 1, keyword, args));
      seenFrom |= keyword.equals("FROM");
      if (List.of("RUN", "COPY", "ADD").contains(keyword)) {
        i = skipHeredocs(args, lines, i);
      }
    }
    return new Template(name, text, escape, directives, instructions, markers);
  }

  /** Skips the bodies of {@code <<EOF} heredocs that follow an instruction. */
  private static int skipHeredocs(String args, List<String> lines, int i) {
    Matcher m = HEREDOC.matcher(args);
    while (m.find()) {
      boolean stripTabs = !m.group(1).isEmpty();
      String word = m.group(3);
      while (i < lines.size()) {
        String l = lines.get(i++);
        if ((stripTabs ? l.replaceFirst("^\t+", "") : l).equals(word)) {
          break;
        }
      }
    }
    return i;
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
