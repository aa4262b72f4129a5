package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.TreeHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The last step every Maven file takes, single pin or closure: moved into staging at its place in
 * the repository layout, with the {@code .sha1} Maven checks beside it and nothing else (no
 * {@code _remote.repositories}, which would make Maven refuse the file offline, no
 * {@code *.lastUpdated}).
 */
final class MavenPlacer {
  private MavenPlacer() {}

  /**
   * Places {@code downloaded} (whose sha256 and sha1 are given, taken while it arrived) at
   * {@code vendorPath}; returns both files' digests.
   */
  static SortedMap<String, String> place(String what, Path staging, String vendorPath, Path downloaded, String sha256,
      String sha1) {
    SortedMap<String, String> files = new TreeMap<>();
    try {
      Path target = staging.resolve(vendorPath);
      Files.createDirectories(target.getParent());
      AtomicFiles.move(downloaded, target);
      Path sum = target.resolveSibling(target.getFileName() + ".sha1");
      Files.writeString(sum, sha1);
      files.put(vendorPath, sha256);
      files.put(vendorPath + ".sha1", TreeHasher.sha256(sum));
    } catch (IOException e) {
      throw new FetchException(what + ": cannot write the download: " + e.getMessage());
    }
    return files;
  }
}
