package dev.airlock.scan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code airlock scan} was asked to look at. Each input has the path to read and the name to
 * show for it.
 */
public record ScanRequest(List<Input> paths, Optional<Input> imageArchive, Optional<String> imageRef,
    Optional<Input> dockerfile, Optional<Input> context, boolean allowShort) {

  public record Input(Path path, String display) {}

  public ScanRequest {
    paths = List.copyOf(paths);
  }

  public boolean isEmpty() {
    return paths.isEmpty() && imageArchive.isEmpty() && imageRef.isEmpty() && dockerfile.isEmpty()
        && context.isEmpty();
  }
}
