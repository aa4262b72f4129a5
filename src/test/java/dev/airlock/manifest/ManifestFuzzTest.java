package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.common.Environment;
import dev.airlock.error.AirlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile manifests: whatever the bytes, {@link ManifestReader} either returns a manifest or throws
 * {@link ManifestException} whose every line names {@code fetch.yaml:LINE:COL}; no other exception,
 * no hang. Seeds: {@code ManifestFuzzTestInputs/}. {@code JAZZER_FUZZ=1 scripts/fuzz} fuzzes it.
 */
class ManifestFuzzTest {
  private static final Pattern POSITION = Pattern.compile("fetch\\.yaml:\\d+:\\d+: .*", Pattern.DOTALL);
  private static final Path DIR = tempDir();
  private static final Environment ENV = new Environment(Map.of("HOME", DIR.toString()), DIR, DIR);

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-fuzz-manifest");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void manifest(byte[] input) throws IOException {
    Path file = DIR.resolve("fetch.yaml");
    Files.write(file, input);
    try {
      Manifest m = ManifestReader.read(file, "fetch.yaml", ENV);
      for (SourceSpec s : m.sources()) {
        assertTrue(s.name().matches("[a-z0-9][a-z0-9._-]*"), "accepted source name");
        s.fingerprint();
      }
      // Staging lives in .airlock/: it must never be inside the vendor dir, nor the vendor dir in it.
      assertFalse(m.workDir().startsWith(m.vendorDir()), "vendor dir contains .airlock: " + m.vendorDir());
      assertFalse(m.vendorDir().startsWith(m.workDir()), "vendor dir inside .airlock: " + m.vendorDir());
    } catch (ManifestException e) {
      for (String line : e.errors()) {
        assertTrue(POSITION.matcher(line).matches(), "error without file:line:col: " + line);
      }
    } catch (AirlockException e) {
      fail("not a ManifestException: " + e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
