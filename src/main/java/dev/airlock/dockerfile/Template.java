package dev.airlock.dockerfile;

import dev.airlock.docker.DockerfileLexer;
import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.List;
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

  private static final Pattern MARKER = Pattern.compile("^\\s*#\\s*airlock:vendor(?:\\s+(.*?))?\\s*$");
  private static final Pattern NEAR_MARKER = Pattern.compile("(?i)^\\s*#\\s*airlock\\s*:?\\s*vendor.*");

  public Template {
    instructions = List.copyOf(instructions);
    markers = List.copyOf(markers);
  }

  /** Parses {@code content}; {@code name} is how errors name the file. */
  public static Template parse(String name, String content) {
    TextLines text = TextLines.split(content);
    DockerfileLexer.Lexed lexed;
    try {
      lexed = DockerfileLexer.lex(content);
    } catch (DockerfileLexer.SyntaxError e) {
      throw new UsageException(name + ":" + e.line() + ": " + e.getMessage());
    }
    List<Instruction> instructions = lexed.instructions().stream()
        .map(in -> new Instruction(in.line(), in.keyword(), in.args())).toList();
    int firstFrom = instructions.stream().filter(in -> in.keyword().equals("FROM")).mapToInt(Instruction::line)
        .findFirst().orElse(Integer.MAX_VALUE);
    List<Marker> markers = new ArrayList<>();
    for (DockerfileLexer.Comment c : lexed.comments()) {
      int i = c.index();
      Matcher m = MARKER.matcher(c.text());
      if (m.matches() && c.insideOf() > 0) {
        throw new UsageException(name + ":" + (i + 1) + ": the airlock:vendor line is inside the instruction "
            + "that starts at line " + c.insideOf() + "; move it out");
      } else if (m.matches()) {
        if (i + 1 < firstFrom) {
          throw new UsageException(name + ":" + (i + 1) + ": the airlock:vendor line comes before the first FROM; "
              + "put it inside a build stage");
        }
        String names = m.group(1) == null ? "" : m.group(1).strip();
        markers.add(new Marker(i, names.isEmpty() ? List.of() : List.of(names.split("\\s+"))));
      } else if (c.insideOf() == 0 && NEAR_MARKER.matcher(c.text()).matches()) {
        throw new UsageException(name + ":" + (i + 1) + ": looks like an airlock marker but is not one; "
            + "write it as '# airlock:vendor' or '# airlock:vendor NAME…'");
      }
    }
    return new Template(name, text, lexed.escape(), lexed.directiveLines(), instructions, markers);
  }
}
