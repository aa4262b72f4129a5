package dev.airlock.scan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which {@code .dockerignore} the scan of a build context reads. The pattern semantics themselves
 * are {@code IgnorePatterns}' and tested there.
 */
class DockerIgnoreTest {
  @TempDir Path context;

  @Test
  void withoutAnIgnoreFileTheWholeFolderIsSent() {
    DockerIgnore d = DockerIgnore.load(context);
    assertTrue(d.sent(".netrc"));
    assertTrue(d.describe().startsWith("no .dockerignore"), d.describe());
  }

  @Test
  void theContextsIgnoreFileDecides() throws Exception {
    Files.writeString(context.resolve(".dockerignore"), "**/.netrc\n");
    DockerIgnore d = DockerIgnore.load(context, Optional.of(context.resolve("Dockerfile")));
    assertFalse(d.sent("a/.netrc"));
    assertTrue(d.sent("a/b.txt"));
    assertEquals("files not excluded by .dockerignore", d.describe());
  }

  @Test
  void aDockerfileSpecificIgnoreFileReplacesTheContextsAsBuildKitDoes() throws Exception {
    Files.writeString(context.resolve(".dockerignore"), "**/.netrc\n");
    Path dockerfile = Files.createDirectories(context.resolve("build")).resolve("app.Dockerfile");
    Files.writeString(dockerfile.resolveSibling("app.Dockerfile.dockerignore"), "*.pem\n");
    DockerIgnore d = DockerIgnore.load(context, Optional.of(dockerfile));
    assertTrue(d.sent(".netrc"), "the context's file is not merged in");
    assertFalse(d.sent("ca.pem"));
    assertEquals("files not excluded by app.Dockerfile.dockerignore", d.describe());
  }

  @Test
  void aPatternDockerRefusesIsAUsageErrorNamingTheFile() throws Exception {
    Files.writeString(context.resolve(".dockerignore"), "ok\nbad[pattern\n");
    UsageException e = assertThrows(UsageException.class, () -> DockerIgnore.load(context));
    assertTrue(e.getMessage().contains(".dockerignore") && e.getMessage().contains("line 2"), e.getMessage());
  }
}
