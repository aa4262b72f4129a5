package dev.airlock.scan.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code .dockerignore} lets into the build context, with Docker's own semantics
 * (moby/patternmatcher): patterns are cleaned and made relative, {@code *} and {@code ?} stop at
 * {@code /}, {@code **} spans any number of folders, {@code !} re-includes, the last matching
 * pattern wins, and a pattern that matches a folder matches everything below it. A
 * {@code <Dockerfile>.dockerignore} beside the Dockerfile replaces the context's file, as BuildKit
 * does.
 */
public final class DockerIgnore {
  private record Rule(Pattern regex, boolean exclusion) {}

  private final List<Rule> rules;
  private final String source;

  private DockerIgnore(List<Rule> rules, String source) {
    this.rules = rules;
    this.source = source;
  }

  public static DockerIgnore load(Path context) {
    return load(context, Optional.empty());
  }

  public static DockerIgnore load(Path context, Optional<Path> dockerfile) {
    Optional<Path> specific = dockerfile.map(d -> d.resolveSibling(d.getFileName() + ".dockerignore"))
        .filter(Files::isRegularFile);
    Path file = specific.orElse(context.resolve(".dockerignore"));
    if (!Files.isRegularFile(file)) {
      return new DockerIgnore(List.of(), "no .dockerignore: the whole folder is sent");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), "files not excluded by " + file.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DockerIgnore parse(String text, String source) {
    List<Rule> rules = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      String p = line.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exclusion = false;
      if (p.startsWith("!")) {
        exclusion = true;
        p = p.substring(1).strip();
      }
      if (!p.isEmpty()) {
        p = clean(p);
        if (p.length() > 1 && p.startsWith("/")) {
          p = p.substring(1);
        }
      }
      rules.add(new Rule(Pattern.compile(toRegex(p)), exclusion));
    }
    return new DockerIgnore(List.copyOf(rules), source);
  }

  /** Whether the file at {@code path} ('/'-separated, relative to the context) is sent to the builder. */
  public boolean sent(String path) {
    boolean excluded = false;
    String[] dirs = path.split("/");
    for (Rule r : rules) {
      boolean match = r.regex().matcher(path).matches();
      if (!match) {
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < dirs.length - 1 && !match; i++) {
          parent.append(i == 0 ? "" : "/").append(dirs[i]);
          match = r.regex().matcher(parent).matches();
        }
      }
      if (match) {
        excluded = !r.exclusion();
      }
    }
    return !excluded;
  }

  public String describe() {
    return source;
  }

  /** Go's filepath.Clean for '/'-separated paths. */
  static String clean(String p) {
    boolean abs = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : p.split("/+")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!abs) {
          out.add("..");
        }
        continue;
      }
      out.add(part);
    }
    String s = (abs ? "/" : "") + String.join("/", out);
    return s.isEmpty() ? "." : s;
  }

  static String toRegex(String pattern) {
    StringBuilder re = new StringBuilder("^");
    int n = pattern.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (inClass && c != ']' && c != '\\') {
        re.append(c == '[' ? "\\[" : String.valueOf(c));
      } else if (c == '*') {
        if (i + 1 < n && pattern.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < n && pattern.charAt(i + 1) == '/') {
            i++;
          }
          re.append(i + 1 >= n ? ".*" : "(.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '\\') {
        if (i + 1 < n) {
          re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else {
          re.append("\\\\");
        }
      } else if (c == '[' || c == ']') {
        inClass = c == '[';
        re.append(c);
      } else if (Character.isLetterOrDigit(c) || c == '/' || c == '_') {
        re.append(c);
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.append('$').toString();
  }
}
