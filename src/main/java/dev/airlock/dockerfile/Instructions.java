package dev.airlock.dockerfile;

import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes COPY and ENV lines that every builder reads the same way (the legacy builder, BuildKit,
 * buildah, kaniko): no flags, no heredocs, and the JSON-array form when a path holds whitespace.
 * Characters that COPY would expand or interpret even in that form ({@code $}, quotes, the escape
 * character, wildcards in a source) are refused with the name of the setting that holds them.
 */
final class Instructions {
  private static final String NEVER = "$\"'`\\";
  private static final String NEVER_IN_SOURCE = NEVER + "*?[]";

  private Instructions() {}

  /** {@code COPY SRC… DEST}; {@code sources} are context-relative, {@code dest} an image path. */
  static String copy(List<String> sources, String dest) {
    List<String> args = new ArrayList<>(sources);
    args.add(dest);
    if (args.stream().noneMatch(Instructions::hasSpace)) {
      return "COPY " + String.join(" ", args);
    }
    return "COPY [" + args.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")) + "]";
  }

  /** {@code ENV NAME=VALUE}: the value is quoted when needed and may use {@code ${VAR}} on purpose. */
  static String env(String name, String value) {
    boolean plain = value.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-=:,+@%".indexOf(c) >= 0);
    return "ENV " + name + "=" + (plain ? value : "\"" + value + "\"");
  }

  /** Checks a build-context path going into a COPY: {@code what} names it in the error. */
  static String source(String path, String what) {
    check(path, NEVER_IN_SOURCE, what);
    return path;
  }

  /** Checks an image path going into a COPY destination. */
  static String dest(String path, String what) {
    check(path, NEVER, what);
    return path;
  }

  /** Checks an image path going into a whitespace-separated ENV list (PIP_FIND_LINKS, MAVEN_ARGS). */
  static String listed(String path, String what, String variable) {
    check(path, NEVER, what);
    if (hasSpace(path)) {
      throw new UsageException(what + " holds whitespace, which " + variable + " cannot carry; choose a path without it");
    }
    return path;
  }

  /** Joins image path parts with single slashes, without a trailing one (except for "/"). */
  static String imagePath(String first, String... more) {
    StringBuilder sb = new StringBuilder(first);
    for (String m : more) {
      sb.append('/').append(m);
    }
    String s = sb.toString().replaceAll("/{2,}", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** A folder destination for COPY: always ends with "/". */
  static String dir(String imagePath) {
    return imagePath.endsWith("/") ? imagePath : imagePath + "/";
  }

  private static boolean hasSpace(String s) {
    return s.chars().anyMatch(Character::isWhitespace);
  }

  private static void check(String path, String forbidden, String what) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (forbidden.indexOf(c) >= 0 || Character.isISOControl(c)) {
        String shown = Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
        throw new UsageException(what + " contains " + shown
            + ", which a Dockerfile COPY would not take literally; rename it or choose another path");
      }
    }
  }
}
