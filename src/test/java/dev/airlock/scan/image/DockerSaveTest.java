package dev.airlock.scan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine fallback of {@code --image}, with fake {@code docker} and {@code podman} programs on
 * PATH (shell scripts that record their arguments): podman is asked only when Docker is missing or
 * does not have the image.
 */
class DockerSaveTest {
  @TempDir Path bin;
  @TempDir Path temp;

  private void fake(String tool, String script) throws IOException {
    Path p = bin.resolve(tool);
    Files.writeString(p, "#!/bin/sh\necho \"$@\" >> " + bin.resolve(tool + ".args") + "\n" + script);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Writes "from TOOL" to the file after -o. */
  private static String writes(String tool) {
    return "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then echo 'from " + tool + "' > \"$2\"; fi; shift; done\n";
  }

  private DockerSave.Saved save() {
    return DockerSave.save("app:1", temp, Optional.of(bin.toString()));
  }

  @Test
  void dockerIsUsedWhenItHasTheImage() throws IOException {
    fake("docker", writes("docker"));
    fake("podman", writes("podman"));
    DockerSave.Saved s = save();
    assertEquals("docker", s.engine());
    assertEquals("from docker\n", Files.readString(s.archive()));
    assertTrue(Files.notExists(bin.resolve("podman.args")), "podman not asked");
  }

  @Test
  void podmanIsUsedWhenDockerLacksTheImage() throws IOException {
    fake("docker", "echo 'Error response from daemon: reference does not exist' >&2\nexit 1\n");
    fake("podman", writes("podman"));
    DockerSave.Saved s = save();
    assertEquals("podman", s.engine());
    assertEquals("from podman\n", Files.readString(s.archive()));
    assertEquals("save --format docker-archive -o " + s.archive() + " app:1",
        Files.readString(bin.resolve("podman.args")).strip());
  }

  @Test
  void podmanIsUsedWhenDockerIsNotInstalled() throws IOException {
    fake("podman", writes("podman"));
    assertEquals("podman", save().engine());
  }

  @Test
  void bothFailingNamesBoth() throws IOException {
    fake("docker", "echo 'no such image' >&2\nexit 1\n");
    fake("podman", "echo 'image not known' >&2\nexit 125\n");
    UsageException e = assertThrows(UsageException.class, this::save);
    assertTrue(e.getMessage().contains("docker save app:1 failed: no such image"), e.getMessage());
    assertTrue(e.getMessage().contains("podman save app:1 failed: image not known"), e.getMessage());
  }

  @Test
  void neitherInstalledSaysWhatToDo() {
    UsageException e = assertThrows(UsageException.class, this::save);
    assertTrue(e.getMessage().contains("docker is not installed (nor podman)"), e.getMessage());
    assertTrue(e.getMessage().contains("--image-archive"), e.getMessage());
  }
}
