package dev.airlock.scan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code airlock scan} was asked to look at. Each input has the path to read and the name to
 * show for it.
 */
public record ScanRequest(List<Input> paths, Optional<Input> imageArchive, Optional<String> imageRef,
    List<Input> dockerfiles, Optional<Input> context, boolean allowShort) {

  public record Input(Path path, String display) {}

  public ScanRequest {
    paths = List.copyOf(paths);
    dockerfiles = List.copyOf(dockerfiles);
  }

  public boolean isEmpty() {
    return paths.isEmpty() && imageArchive.isEmpty() && imageRef.isEmpty() && dockerfiles.isEmpty()
        && context.isEmpty();
  }
}
