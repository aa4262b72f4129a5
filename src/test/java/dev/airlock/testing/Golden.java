package dev.airlock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}. Run with {@code -Dgolden.update=true} to
 * rewrite them from the current output (then review the diff before committing).
 */
public final class Golden {
  private Golden() {}

  public static String read(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new AssertionError("missing golden file " + name + " (run with -Dgolden.update=true to create it)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public static void assertMatches(String name, String actual) {
    if (Boolean.getBoolean("golden.update")) {
      try {
        Path p = Path.of("src/test/resources/golden").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return;
    }
    assertEquals(read(name), actual, "differs from golden/" + name);
  }
}
