package dev.airlock.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * Validation of archive entry names and symlink targets. A valid entry name becomes a relative,
 * {@code /}-separated path with no empty, {@code .} or {@code ..} segments, so joining it to the
 * destination can never leave it, and each segment passes {@link SafeName} (no {@code .git}, no
 * Windows-hazard names), the check git trees get too.
 */
final class EntryPath {
  private static final int MAX_DISPLAY = 160;

  private EntryPath() {}

  /**
   * Returns the normalised relative path of an entry name ({@code ""} for the archive root, as in
   * {@code ./}), or throws {@link ExtractionFailure}. {@code ..} is refused anywhere, even where
   * it would stay inside (as GNU tar does): no legitimate archive needs it.
   */
  static String normalise(String raw) {
    String problem = formProblem(raw, "name");
    if (problem != null) {
      throw ExtractionFailure.entry(String.valueOf(raw), problem);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : raw.split("/", -1)) {
      if (segment.equals("..")) {
        throw ExtractionFailure.entry(raw, "'..' in the path");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        String unsafe = SafeName.problem(segment);
        if (unsafe != null) {
          throw ExtractionFailure.entry(raw, display(segment) + " is " + unsafe);
        }
        segments.add(segment);
      }
    }
    return String.join("/", segments);
  }

  /**
   * Checks a symlink target for form only: relative, no NUL, no backslash, no drive. Where it
   * points is checked by {@link LinkCheck} once every link in the archive is known.
   */
  static String linkTarget(String entryName, String target) {
    String problem = formProblem(target, "symlink target");
    if (problem != null) {
      throw ExtractionFailure.entry(entryName, problem + " " + display(String.valueOf(target)));
    }
    return target;
  }

  private static String formProblem(String raw, String what) {
    if (raw == null || raw.isEmpty()) {
      return "empty " + what;
    }
    if (raw.indexOf('\0') >= 0) {
      return what + " contains NUL";
    }
    if (raw.indexOf('\\') >= 0) {
      // Windows separators: "C:\x", "\\server\share", "dir\..\..\x". Refused outright rather
      // than guessed at, so no platform can read the name differently from this check.
      return what + " contains a backslash";
    }
    if (raw.startsWith("/")) {
      return "absolute " + what;
    }
    if (raw.length() >= 2 && raw.charAt(1) == ':' && isAsciiLetter(raw.charAt(0))) {
      return what + " has a Windows drive";
    }
    return null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** A name made safe for a message: quoted, control characters escaped, long names shortened. */
  static String display(String raw) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(raw.length(), MAX_DISPLAY);
    for (int i = 0; i < limit; i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (raw.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
