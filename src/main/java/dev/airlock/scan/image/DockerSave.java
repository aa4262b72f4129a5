package dev.airlock.scan.image;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code docker save -o FILE REF}, run directly (no shell), into a temp folder the caller owns. */
public final class DockerSave {
  private DockerSave() {}

  public static Path save(String ref, Path tempDir) {
    if (ref.isEmpty() || ref.startsWith("-") || ref.chars().anyMatch(c -> c <= ' ')) {
      throw new UsageException("--image: not an image reference");
    }
    Path out = tempDir.resolve("image.tar");
    Path err = tempDir.resolve("docker-save.err");
    ProcessBuilder pb = new ProcessBuilder(List.of("docker", "save", "-o", out.toString(), ref))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new UsageException("docker save " + ref + ": timed out");
      }
      if (p.exitValue() != 0) {
        String msg = Files.readString(err, StandardCharsets.UTF_8).strip();
        int nl = msg.indexOf('\n');
        throw new UsageException("docker save " + ref + " failed: " + (nl > 0 ? msg.substring(0, nl) : msg));
      }
      return out;
    } catch (IOException e) {
      throw new UsageException("cannot run docker save: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted");
    }
  }
}
