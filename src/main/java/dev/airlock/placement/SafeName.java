package dev.airlock.placement;

import java.util.Locale;
import java.util.Set;

/**
 * The one check of a file or folder name that ends up in the vendor dir, shared by archive
 * extraction ({@link EntryPath}) and the git tree exporter: a name is refused when any common
 * platform would read it as something else, wherever airlock itself runs (a vendored tree is
 * committed, copied and checked out on other systems).
 *
 * <ul>
 *   <li>{@code .git} in every spelling git itself refuses: any case, trailing dots or spaces
 *       ({@code .git.}, {@code .git }), NTFS alternate data streams ({@code .git::$INDEX_ALLOCATION},
 *       CVE-2019-1352), the NTFS short name {@code git~1}, and characters HFS+ ignores
 *       ({@code .g\u200cit});
 *   <li>Windows hazards: backslash, colon (drive letters, alternate streams), control characters,
 *       a trailing dot or space (Windows drops them), reserved device names ({@code CON},
 *       {@code NUL}, {@code COM1}, {@code LPT1}… with or without an extension);
 *   <li>{@code ""}, {@code .} and {@code ..}.
 * </ul>
 */
public final class SafeName {
  private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");

  private SafeName() {}

  /** Why {@code name} (one path segment) may not be vendored, or null when it may. */
  public static String problem(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "'" + name + "' as a name";
    }
    if (isDotGit(name)) {
      return "a .git folder (in one of the spellings git, NTFS or HFS+ read as .git)";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/') {
        return "contains '/'";
      }
      if (c == '\\') {
        return "contains a backslash (a folder separator on Windows)";
      }
      if (c == ':') {
        return "contains ':' (a drive or an alternate data stream on Windows)";
      }
      if (c < 0x20 || c == 0x7f) {
        return c == 0 ? "contains NUL" : "contains a control character (not allowed on Windows)";
      }
    }
    char last = name.charAt(name.length() - 1);
    if (last == '.' || last == ' ') {
      return "ends in " + (last == '.' ? "a dot" : "a space") + " (Windows drops it, so two names would meet)";
    }
    if (isDevice(name)) {
      return "a reserved device name on Windows";
    }
    return null;
  }

  /**
   * {@code .git} as git's fsck reads it on any platform: case folded, HFS+-ignorable characters
   * removed, then an NTFS stream suffix ({@code :…}) and trailing dots and spaces cut; or the NTFS
   * short name {@code git~1}.
   */
  private static boolean isDotGit(String name) {
    StringBuilder folded = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isHfsIgnorable(c)) {
        folded.append(c);
      }
    }
    String n = folded.toString().toLowerCase(Locale.ROOT);
    int colon = n.indexOf(':');
    if (colon >= 0) {
      n = n.substring(0, colon);
    }
    int end = n.length();
    while (end > 0 && (n.charAt(end - 1) == '.' || n.charAt(end - 1) == ' ')) {
      end--;
    }
    n = n.substring(0, end);
    return n.equals(".git") || n.equals("git~1");
  }

  /** The code points HFS+ drops when comparing names (as git's is_hfs_dotgit lists them). */
  private static boolean isHfsIgnorable(char c) {
    return (c >= '\u200c' && c <= '\u200f') || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u206a' && c <= '\u206f') || c == '\ufeff';
  }

  /** CON, NUL, COM1…COM9, LPT1…LPT9 (also COM¹²³), alone or before an extension, any case. */
  private static boolean isDevice(String name) {
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT).stripTrailing();
    if (DEVICES.contains(stem)) {
      return true;
    }
    if (stem.length() == 4 && (stem.startsWith("COM") || stem.startsWith("LPT"))) {
      char d = stem.charAt(3);
      return (d >= '0' && d <= '9') || d == '\u00b9' || d == '\u00b2' || d == '\u00b3';
    }
    return false;
  }
}
