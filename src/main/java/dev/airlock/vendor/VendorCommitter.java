package dev.airlock.vendor;

import dev.airlock.error.DiskFull;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Moves staged source folders into the vendor dir. Each folder is swapped in with one rename: the
 * old one is first renamed into {@code trash} (outside vendor), so a reader never sees a half
 * folder, and a failure restores what was moved away.
 */
public final class VendorCommitter {
  private final Path vendorDir;
  private final Path trash;

  public VendorCommitter(Path vendorDir, Path workDir) {
    this.vendorDir = vendorDir;
    this.trash = workDir.resolve("trash-" + UUID.randomUUID());
  }

  /** Replaces {@code vendor/root} with {@code staged} (a folder). */
  public void replace(String root, Path staged) {
    Path target = vendorDir.resolve(root);
    Path old = trash.resolve(root);
    boolean movedOld = false;
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(old.getParent());
        AtomicFiles.move(target, old);
        movedOld = true;
      }
      AtomicFiles.move(staged, target);
    } catch (IOException e) {
      if (movedOld) {
        try {
          AtomicFiles.move(old, target);
        } catch (IOException ignored) {
          // the old tree stays in the trash folder; the next run fetches again
        }
      }
      throw new FetchException("cannot place " + root + " in " + vendorDir + ": " + DiskFull.describe(e));
    }
  }

  /**
   * Moves staged files into a folder other sources share (e.g. {@code pypi/}): each file with one
   * rename, the file it replaces moved to {@code trash} first. If any move fails, every file moved
   * so far is put back, so the source is either fully placed or left as it was. Then the source's
   * {@code obsolete} files (from its previous lock entry, claimed by no other source) are removed.
   */
  public void placeFiles(Collection<String> paths, Path stagingBase, Collection<String> obsolete) {
    List<String> placed = new ArrayList<>();
    List<String> movedAway = new ArrayList<>();
    try {
      for (String path : paths) {
        Path target = vendorDir.resolve(path);
        Files.createDirectories(target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path old = trash.resolve(path);
          Files.createDirectories(old.getParent());
          AtomicFiles.move(target, old);
          movedAway.add(path);
        }
        AtomicFiles.move(stagingBase.resolve(path), target);
        placed.add(path);
      }
    } catch (IOException e) {
      rollBack(placed, movedAway);
      throw new FetchException("cannot place files in " + vendorDir + ": " + e.getMessage());
    }
    prune(obsolete);
  }

  private void rollBack(List<String> placed, List<String> movedAway) {
    for (String path : placed) {
      AtomicFiles.deleteQuietly(vendorDir.resolve(path));
    }
    for (String path : movedAway) {
      try {
        AtomicFiles.move(trash.resolve(path), vendorDir.resolve(path));
      } catch (IOException ignored) {
        // stays in the trash folder; the lock is not written, so the next run fetches again
      }
    }
  }

  /** Removes folders or files of sources that left the manifest. */
  public void prune(Collection<String> roots) {
    for (String root : roots) {
      Path target = vendorDir.resolve(root);
      try {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path old = trash.resolve(root);
          Files.createDirectories(old.getParent());
          AtomicFiles.move(target, old);
        }
        removeEmptyParents(target.getParent());
      } catch (IOException e) {
        throw new FetchException("cannot remove " + root + " from " + vendorDir + ": " + e.getMessage());
      }
    }
  }

  private void removeEmptyParents(Path dir) throws IOException {
    Path d = dir;
    while (d != null && d.startsWith(vendorDir) && !d.equals(vendorDir) && Files.isDirectory(d)) {
      try (var s = Files.list(d)) {
        if (s.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(d);
      d = d.getParent();
    }
  }

  /** Deletes what was moved away. Call after the lock is written. */
  public void cleanUp() {
    AtomicFiles.deleteQuietly(trash);
  }
}
