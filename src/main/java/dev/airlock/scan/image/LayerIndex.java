package dev.airlock.scan.image;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The paths one layer adds and the ones it deletes (whiteouts {@code .wh.NAME}) or hides (opaque
 * folders {@code .wh..wh..opq}), so a file found in an earlier layer can be said to be deleted,
 * hidden or overwritten later: still in the image's history either way.
 */
final class LayerIndex {
  private static final String WH = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final Set<String> files = new HashSet<>();
  private final Set<String> whiteouts = new HashSet<>();
  private final Set<String> opaque = new HashSet<>();

  synchronized void add(TarArchiveEntry e) {
    String p = normalise(e.getName());
    String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
    String base = p.substring(p.lastIndexOf('/') + 1);
    if (base.equals(OPAQUE)) {
      opaque.add(dir);
    } else if (base.startsWith(WH)) {
      whiteouts.add((dir.isEmpty() ? "" : dir + "/") + base.substring(WH.length()));
    } else if (!e.isDirectory()) {
      files.add(p);
    }
  }

  static String normalise(String name) {
    String p = name;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("./") ? 2 : 1);
    }
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** What a later layer (this one) does to {@code path}, if anything. */
  synchronized Optional<String> effectOn(String path) {
    String p = normalise(path);
    for (String a = p; ; a = a.substring(0, a.lastIndexOf('/'))) {
      if (whiteouts.contains(a)) {
        return Optional.of("deleted");
      }
      if (!a.equals(p) && opaque.contains(a)) {
        return Optional.of("hidden (opaque folder)");
      }
      if (!a.contains("/")) {
        break;
      }
    }
    if (opaque.contains("") && !p.isEmpty()) {
      return Optional.of("hidden (opaque folder)");
    }
    return files.contains(p) ? Optional.of("overwritten") : Optional.empty();
  }

  /** The first later layer that changes {@code path}: "deleted by layer 5 of 7", or empty. */
  static Optional<String> history(List<LayerIndex> layers, int layer, String path) {
    for (int j = layer + 1; j < layers.size(); j++) {
      Optional<String> effect = layers.get(j).effectOn(path);
      if (effect.isPresent()) {
        return Optional.of("in image history: " + effect.get() + " by layer " + (j + 1) + " of " + layers.size());
      }
    }
    return Optional.empty();
  }
}
