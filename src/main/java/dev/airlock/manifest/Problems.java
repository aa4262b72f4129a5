package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/**
 * Collects manifest errors with their position, so that one run reports all of them, sorted by
 * line and column. Lines and columns are printed 1-based.
 */
final class Problems {
  private record Problem(int line, int column, int seq, String text) {}

  private final String displayName;
  private final List<Problem> problems = new ArrayList<>();

  Problems(String displayName) {
    this.displayName = displayName;
  }

  /** Adds an error at {@code mark} (start of the file when null); {@code path} may be empty. */
  void add(Mark mark, String path, String message) {
    int line = mark == null ? 0 : mark.getLine();
    int column = mark == null ? 0 : mark.getColumn();
    addAt(line, column, path, message);
  }

  /** Adds an error at a 0-based line and column. */
  void addAt(int line, int column, String path, String message) {
    String where = displayName + ":" + (line + 1) + ":" + (column + 1) + ": ";
    String text = where + (path.isEmpty() ? "" : path + ": ") + message;
    problems.add(new Problem(line, column, problems.size(), text));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<String> sorted() {
    return problems.stream()
        .sorted(Comparator.comparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparingInt(Problem::seq))
        .map(Problem::text)
        .distinct()
        .toList();
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ManifestException(sorted());
    }
  }

  /**
   * A name (key, tag, parameter) made safe to echo: control characters replaced, length capped.
   * Never call this with a value that could be a secret.
   */
  static String quote(String name) {
    StringBuilder b = new StringBuilder("'");
    name.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    if (name.codePointCount(0, name.length()) > 64) {
      b.append('…');
    }
    return b.append('\'').toString();
  }
}
