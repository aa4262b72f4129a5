package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile requirements files and pylock.toml: the readers never throw, every error names the file,
 * and what they return is pinned: a valid name, a version, and only 64-hex sha256 values.
 */
class ClosureInputFuzzTest {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("airlock-closure-fuzz");
  }

  @AfterEach
  void tearDown() {
    AtomicFiles.deleteQuietly(dir);
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void requirements(byte[] input) throws IOException {
    Files.write(dir.resolve("requirements.txt"), input);
    RequirementsFile.Result r = RequirementsFile.read(dir.resolve("requirements.txt"), dir);
    r.errors().forEach(e -> assertTrue(e.startsWith("requirements.txt:"), "error does not name the file: " + e));
    for (RequirementsFile.Pin p : r.pins()) {
      assertTrue(PypiSourceParser.PROJECT.matcher(p.project()).matches(), p.project());
      assertFalse(p.sha256().isEmpty(), "a pin without hash");
      p.sha256().forEach(h -> assertTrue(HEX64.matcher(h).matches(), h));
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void pylock(byte[] input) throws IOException {
    Files.write(dir.resolve("pylock.toml"), input);
    PylockFile.Result r = PylockFile.read(dir.resolve("pylock.toml"), "pylock.toml");
    r.errors().forEach(e -> assertTrue(e.startsWith("pylock.toml"), "error does not name the file: " + e));
    for (PylockFile.Package p : r.packages()) {
      assertTrue(PypiSourceParser.PROJECT.matcher(p.project()).matches(), p.project());
      p.files().forEach(f -> assertTrue(HEX64.matcher(f.sha256()).matches() && !f.url().isEmpty(), f.toString()));
    }
  }
}
