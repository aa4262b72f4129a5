package dev.airlock;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Pattern;

/** The version and the git commit Maven wrote into {@code airlock.properties}. */
public final class Version {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Properties PROPERTIES = load();

  private Version() {}

  public static String get() {
    return PROPERTIES.getProperty("version", "dev");
  }

  /** The commit the build was made from, or {@code unknown} (a build outside a git checkout). */
  public static String commit() {
    return commit(PROPERTIES.getProperty("commit", ""));
  }

  static String commit(String recorded) {
    return COMMIT.matcher(recorded).matches() ? recorded : "unknown";
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/dev/airlock/airlock.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // fall through
    }
    return p;
  }
}
