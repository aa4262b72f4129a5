package dev.airlock.dockerfile;

import dev.airlock.docker.CredentialPaths;
import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The airlock block of a {@code .dockerignore}: between two marker comments, rewritten on every
 * run; every line outside it is kept byte for byte. A file without the block gets it appended, so
 * its excludes come after (and win over) the user's own lines; moving the block up is the user's
 * way to let a later line of theirs re-include something.
 */
public final class IgnoreBlock {
  public static final String BEGIN =
      "# >>> airlock: managed block, rewritten by `airlock dockerfile`; keep your own lines outside it";
  public static final String END = "# <<< airlock";

  private IgnoreBlock() {}

  /**
   * The block's lines without line endings: credential excludes, {@code .airlock/}, then a
   * re-include for every vendored file that an exclude would otherwise drop.
   *
   * @param vendorFiles every locked file, as a path relative to the build context
   */
  public static List<String> lines(List<String> vendorFiles) {
    List<String> out = new ArrayList<>();
    out.add(BEGIN);
    out.add("# credential files never go into the build context");
    out.addAll(CredentialPaths.PATTERNS);
    out.add("# airlock's staging folder");
    out.add("**/.airlock");
    List<String> keep = vendorFiles.stream().filter(CredentialPaths::matches).sorted().toList();
    if (!keep.isEmpty()) {
      out.add("# vendored files the patterns above would drop (fetched, hashed and checked by airlock)");
      keep.forEach(f -> out.add("!" + escape(f)));
    }
    out.add(END);
    return out;
  }

  /**
   * {@code existing} (or null for no file) with the block put in place of the old one, or
   * appended. Line endings follow the file's own (CRLF stays CRLF).
   */
  public static String merge(String existing, List<String> block, String fileName) {
    if (existing == null || existing.isEmpty()) {
      return String.join("\n", block) + "\n";
    }
    TextLines text = TextLines.split(existing);
    List<TextLines.Line> lines = text.lines();
    String eol = text.dominantEnding();
    int begin = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).text().replace("\uFEFF", "").strip();
      if (t.equals(BEGIN)) {
        if (begin >= 0) {
          throw broken(fileName, i, "a second start marker");
        }
        begin = i;
      } else if (t.equals(END)) {
        if (begin < 0 || end >= 0) {
          throw broken(fileName, i, "an end marker without its start");
        }
        end = i;
      }
    }
    if (begin >= 0 && end < 0) {
      throw broken(fileName, begin, "a start marker without its end");
    }
    StringBuilder sb = new StringBuilder();
    if (begin < 0) {
      lines.forEach(l -> sb.append(l.full()));
      TextLines.Line last = lines.get(lines.size() - 1);
      if (last.ending().isEmpty()) {
        sb.append(eol);
      }
      if (!last.text().isBlank()) {
        sb.append(eol); // a blank line between the user's lines and the block
      }
      block.forEach(b -> sb.append(b).append(eol));
      return sb.toString();
    }
    for (int i = 0; i < begin; i++) {
      sb.append(lines.get(i).full());
    }
    if (lines.get(begin).text().startsWith("\uFEFF")) {
      sb.append('\uFEFF'); // a byte order mark before the block stays
    }
    String endEnding = lines.get(end).ending();
    for (int i = 0; i < block.size(); i++) {
      sb.append(block.get(i)).append(i < block.size() - 1 || !endEnding.isEmpty() ? eol : "");
    }
    for (int i = end + 1; i < lines.size(); i++) {
      sb.append(lines.get(i).full());
    }
    return sb.toString();
  }

  /**
   * A vendored path as a pattern that matches only itself: wildcard and escape characters are
   * escaped; characters a {@code .dockerignore} line cannot hold (line breaks, whitespace at
   * either end, which Docker trims) become {@code ?}, which matches any one character.
   */
  static String escape(String path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean edge = i == 0 || i == path.length() - 1;
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c) || edge && Character.isWhitespace(c)) {
        sb.append('?');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static UsageException broken(String fileName, int index, String what) {
    return new UsageException(fileName + ":" + (index + 1) + ": the airlock block has " + what
        + "; put back the pair of lines '" + BEGIN.substring(0, 15) + "…' and '" + END
        + "' or delete both, then run again");
  }
}
