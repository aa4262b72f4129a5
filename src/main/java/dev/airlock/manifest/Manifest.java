package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code fetch.yaml}. Paths are absolute: the reader resolves them against the
 * manifest's folder (and {@code ~} against $HOME).
 */
public record Manifest(
    Path file,
    int version,
    Path vendorDir,
    List<Path> caCerts,
    Map<String, CredentialSpec> credentials,
    List<SourceSpec> sources,
    DockerSpec docker) {

  public Manifest {
    caCerts = List.copyOf(caCerts);
    credentials = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    sources = List.copyOf(sources);
  }

  /** The folder holding the manifest: relative paths in it resolve here. */
  public Path baseDir() {
    return file.toAbsolutePath().getParent();
  }

  /** Where staging and temp files live: {@code .airlock/} beside the manifest, never inside vendor. */
  public Path workDir() {
    return baseDir().resolve(".airlock");
  }

  public Path lockFile() {
    return baseDir().resolve("fetch.lock");
  }

  public Optional<SourceSpec> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
