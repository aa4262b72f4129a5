package dev.airlock.manifest;

import java.util.Optional;

/** The {@code docker:} block, used by {@code airlock dockerfile}. */
public record DockerSpec(Optional<String> base, Optional<String> template, String output, String prefix) {
  public static final DockerSpec DEFAULTS =
      new DockerSpec(Optional.empty(), Optional.empty(), "Dockerfile", "/opt/vendor");
}
