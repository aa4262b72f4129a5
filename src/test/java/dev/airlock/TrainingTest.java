package dev.airlock;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data training workload really fetches every kind of source (HTTPS, git over SSH and
 * over HTTPS, the npm, pypi and Maven closures), verifies, writes a Dockerfile and scans.
 */
class TrainingTest {
  @TempDir Path dir;

  @Test
  void theWorkloadRunsEveryCommandSuccessfully() throws Exception {
    assertDoesNotThrow(() -> Training.run(dir));
    String lock = Files.readString(dir.resolve("project/fetch.lock"));
    assertTrue(Files.isRegularFile(dir.resolve("project/Dockerfile")));
    assertTrue(Files.isRegularFile(dir.resolve("cache/files/sha256").toFile().listFiles()[0].listFiles()[0].toPath()),
        "the fetch went through the cache");
    assertEquals(Set.of("file", "tree", "git-ssh", "git-https", "npm-lock", "pypi-lock", "maven-pom"),
        Training.PLACED.keySet());
    Path vendor = dir.resolve("project/vendor");
    for (var placed : Training.PLACED.entrySet()) {
      assertTrue(Files.exists(vendor.resolve(placed.getValue())), placed.getKey() + " placed " + placed.getValue());
      assertTrue(lock.contains(placed.getKey() + ":"), placed.getKey() + " is in the lock");
    }
    assertTrue(Files.isExecutable(vendor.resolve("git/git-ssh/bin/run")), "the tree of the SSH fetch, modes kept");
    assertTrue(Files.isRegularFile(vendor.resolve("git/git-https/README.md")));
    assertTrue(lock.contains("pkg:npm/training-pkg@1.0.0") && lock.contains("pkg:npm/training-dep@1.0.0"), lock);
    assertTrue(lock.contains("pkg:pypi/training-pkg@1.0.0"), lock);
    assertTrue(Files.isRegularFile(vendor.resolve("maven/dev/airlock/training/training-lib/1.0.0/training-lib-1.0.0.pom")));
  }
}
