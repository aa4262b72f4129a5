package dev.airlock.scan.image;

import dev.airlock.error.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exports a local image with {@code docker save -o FILE REF}, run directly (no shell), into a temp
 * folder the caller owns. When Docker is not installed or does not have the image, and
 * {@code podman} is installed, {@code podman save --format docker-archive -o FILE REF} is tried
 * (podman keeps its own image store, so an image built with {@code podman build} is only there).
 */
public final class DockerSave {
  /** The archive written and the engine that wrote it ({@code docker} or {@code podman}). */
  public record Saved(Path archive, String engine) {}

  private DockerSave() {}

  public static Path save(String ref, Path tempDir) {
    return save(ref, tempDir, Optional.ofNullable(System.getenv("PATH"))).archive();
  }

  /** As above, looking the engines up in {@code path} (a PATH value) and running them with it. */
  public static Saved save(String ref, Path tempDir, Optional<String> path) {
    if (ref.isEmpty() || ref.startsWith("-") || ref.chars().anyMatch(c -> c <= ' ')) {
      throw new UsageException("--image: not an image reference");
    }
    Path out = tempDir.resolve("image.tar");
    List<String> problems = new ArrayList<>();
    Optional<Path> docker = find("docker", path);
    if (docker.isPresent()) {
      Optional<String> failed = run(List.of(docker.get().toString(), "save", "-o", out.toString(), ref), path,
          tempDir.resolve("docker-save.err"));
      if (failed.isEmpty()) {
        return new Saved(out, "docker");
      }
      problems.add("docker save " + ref + " failed: " + failed.get());
    } else {
      problems.add("docker is not installed");
    }
    Optional<Path> podman = find("podman", path);
    if (podman.isEmpty()) {
      throw new UsageException(String.join("; ", problems)
          + (docker.isPresent() ? "" : " (nor podman): install one, or export the image and use --image-archive"));
    }
    try {
      Files.deleteIfExists(out);
    } catch (IOException e) {
      throw new UsageException("cannot prepare the image export: " + e.getClass().getSimpleName());
    }
    Optional<String> failed = run(List.of(podman.get().toString(), "save", "--format", "docker-archive", "-o",
        out.toString(), ref), path, tempDir.resolve("podman-save.err"));
    if (failed.isPresent()) {
      problems.add("podman save " + ref + " failed: " + failed.get());
      throw new UsageException(String.join("; ", problems));
    }
    return new Saved(out, "podman");
  }

  /** Empty when the command succeeded, else the first line of its error output. */
  private static Optional<String> run(List<String> command, Optional<String> path, Path err) {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    path.ifPresent(p -> pb.environment().put("PATH", p));
    String name = Path.of(command.get(0)).getFileName() + " " + command.get(1);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return Optional.of(name + " timed out");
      }
      if (p.exitValue() == 0) {
        return Optional.empty();
      }
      String msg = Files.readString(err, StandardCharsets.UTF_8).strip();
      int nl = msg.indexOf('\n');
      return Optional.of(nl > 0 ? msg.substring(0, nl) : msg.isEmpty() ? "exit " + p.exitValue() : msg);
    } catch (IOException e) {
      return Optional.of("cannot run " + name + " (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted");
    }
  }

  private static Optional<Path> find(String tool, Optional<String> path) {
    for (String dir : path.orElse("").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
