package dev.airlock.common;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment, injected so that nothing deep in the code reads {@code System.getenv}
 * and tests can give each case its own home and variables.
 */
public record Environment(Map<String, String> variables, Path home, Path workingDir) {
  public Environment {
    variables = Map.copyOf(variables);
  }

  public static Environment system() {
    Map<String, String> env = System.getenv();
    String home = env.get("HOME");
    Path h = Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    return new Environment(env, h, Path.of("").toAbsolutePath());
  }

  public Optional<String> get(String name) {
    String v = variables.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** Expands a leading {@code ~/} against $HOME (as git and curl do), then resolves against {@code base}. */
  public Path resolvePath(Path base, String path) {
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return base.resolve(path).normalize();
  }
}
