package dev.airlock.scan.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions as BuildKit reads it: the {@code # escape=} directive, line
 * continuations, comment lines, and heredocs ({@code <<EOF}, {@code <<-EOF}, quoted delimiters),
 * whose bodies are kept with the line they start on.
 */
public final class DockerfileParser {
  /** One heredoc: its delimiter and body, {@code line} = the body's first line (1-based). */
  public record Heredoc(String delimiter, String body, int line) {}

  /** {@code keyword} upper-case; {@code args} with continuations joined; {@code line} 1-based. */
  public record Instruction(String keyword, String args, int line, List<Heredoc> heredocs) {}

  private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*escape\\s*=\\s*([\\\\`])\\s*$", Pattern.CASE_INSENSITIVE);

  private DockerfileParser() {}

  public static List<Instruction> parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    char escape = '\\';
    for (String l : lines) {
      Matcher d = DIRECTIVE.matcher(l.strip());
      if (d.matches()) {
        escape = d.group(1).charAt(0);
      } else if (!l.strip().matches("#\\s*[A-Za-z]+\\s*=.*")) {
        break;
      }
    }
    List<Instruction> out = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String first = lines[i].strip();
      if (first.isEmpty() || first.startsWith("#")) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder logical = new StringBuilder();
      while (true) {
        String l = lines[i];
        String t = l.stripTrailing();
        i++;
        if (t.endsWith(String.valueOf(escape)) && i < lines.length) {
          logical.append(t, 0, t.length() - 1).append(' ');
          while (i < lines.length && lines[i].strip().startsWith("#")) {
            i++;
          }
          continue;
        }
        logical.append(l.strip());
        break;
      }
      String s = logical.toString().strip();
      int sp = s.indexOf(' ');
      String keyword = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
      String args = sp < 0 ? "" : s.substring(sp + 1).strip();
      List<Heredoc> docs = new ArrayList<>();
      Matcher h = HEREDOC.matcher(args);
      while (h.find() && (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD"))) {
        boolean strip = !h.group(1).isEmpty();
        String delim = h.group(3);
        int bodyLine = i + 1;
        StringBuilder body = new StringBuilder();
        while (i < lines.length) {
          String l = lines[i++];
          String cmp = strip ? l.replaceFirst("^\t+", "") : l;
          if (cmp.equals(delim)) {
            break;
          }
          body.append(cmp).append('\n');
        }
        docs.add(new Heredoc(delim, body.toString(), bodyLine));
      }
      out.add(new Instruction(keyword, args, start + 1, docs));
    }
    return out;
  }
}
