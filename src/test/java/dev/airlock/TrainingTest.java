package dev.airlock;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data training workload really fetches, verifies, writes a Dockerfile and scans. */
class TrainingTest {
  @TempDir Path dir;

  @Test
  void theWorkloadRunsEveryCommandSuccessfully() throws Exception {
    assertDoesNotThrow(() -> Training.run(dir));
    assertTrue(Files.isRegularFile(dir.resolve("project/fetch.lock")));
    assertTrue(Files.isRegularFile(dir.resolve("project/Dockerfile")));
    assertTrue(Files.isRegularFile(dir.resolve("cache/files/sha256").toFile().listFiles()[0].listFiles()[0].toPath()),
        "the fetch went through the cache");
  }
}
