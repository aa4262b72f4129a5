package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --vendor-dir} may point anywhere except where staging lives: the manifest's own folder
 * (it holds {@code .airlock/}) or inside {@code .airlock/}. The manifest's {@code vendor:} key has
 * the same rule; the option used to bypass it.
 */
class VendorDirOptionTest {
  @TempDir Path project;
  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(strings = {".", ".airlock", ".airlock/vendor", "sub/.."})
  void vendorDirHoldingOrInsideStagingIsRefused(String dir) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\n");
    CliRunner.Result r = new CliRunner(project, home).run("fetch", "--vendor-dir", dir);
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("--vendor-dir"), r.err());
    assertFalse(Files.exists(project.resolve("fetch.lock")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"elsewhere", "../outside-vendor"})
  void otherFoldersAreFine(String dir) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\n");
    CliRunner.Result r = new CliRunner(project, home).run("fetch", "--vendor-dir", dir);
    assertEquals(0, r.exit(), r.all());
  }
}
