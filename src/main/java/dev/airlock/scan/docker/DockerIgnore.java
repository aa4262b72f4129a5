package dev.airlock.scan.docker;

import dev.airlock.docker.IgnorePatterns;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@code .dockerignore} lets into the build context, matched by
 * {@link IgnorePatterns} (Docker's own semantics, shared with {@code airlock dockerfile}). A
 * {@code <Dockerfile>.dockerignore} beside the Dockerfile replaces the context's file, as BuildKit
 * does.
 */
public final class DockerIgnore {
  private final IgnorePatterns patterns;
  private final String source;

  private DockerIgnore(IgnorePatterns patterns, String source) {
    this.patterns = patterns;
    this.source = source;
  }

  public static DockerIgnore load(Path context) {
    return load(context, Optional.empty());
  }

  public static DockerIgnore load(Path context, Optional<Path> dockerfile) {
    Optional<Path> specific = dockerfile.map(d -> d.resolveSibling(d.getFileName() + ".dockerignore"))
        .filter(Files::isRegularFile);
    Path file = specific.orElse(context.resolve(".dockerignore"));
    if (!Files.isRegularFile(file)) {
      return new DockerIgnore(IgnorePatterns.parse(""), "no .dockerignore: the whole folder is sent");
    }
    String text = BoundedFile.readUtf8(file, BoundedFile.TEXT_BYTES, file.toString(), "not valid UTF-8");
    try {
      return parse(text, "files not excluded by " + file.getFileName());
    } catch (IllegalArgumentException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }

  public static DockerIgnore parse(String text, String source) {
    return new DockerIgnore(IgnorePatterns.parse(text), source);
  }

  /** Whether the file at {@code path} ('/'-separated, relative to the context) is sent to the builder. */
  public boolean sent(String path) {
    return !patterns.ignored(path);
  }

  public String describe() {
    return source;
  }
}
