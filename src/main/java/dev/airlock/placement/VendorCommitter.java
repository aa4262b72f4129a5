package dev.airlock.placement;

import dev.airlock.error.DiskFull;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Moves staged source folders into the vendor dir. Each folder is swapped in with one rename: the
 * old one is first renamed into {@code trash} (outside vendor), so a reader never sees a half
 * folder, and a failure restores what was moved away. Every completed step is journaled, so
 * {@link #rollBack} can undo a whole run's placements when a later one (or the lock) fails.
 * Every path it touches below the vendor dir goes through {@link ProjectPaths}: no folder on the way
 * may be a symlink, and no path may leave the vendor dir.
 */
public final class VendorCommitter {
  /** A completed step at {@code path}: new content placed there, and/or old content moved to trash. */
  private record Step(String path, boolean placed, boolean movedAway) {}

  private final Path vendorDir;
  private final Path trash;
  private final Deque<Step> done = new ArrayDeque<>();

  public VendorCommitter(Path vendorDir, Path workDir) {
    this.vendorDir = vendorDir;
    this.trash = workDir.resolve("trash-" + UUID.randomUUID());
  }

  /** Replaces {@code vendor/root} with {@code staged} (a folder). */
  public void replace(String root, Path staged) {
    Path target = ProjectPaths.resolve(vendorDir, root);
    Path old = trash.resolve(root);
    boolean movedOld = false;
    try {
      ProjectPaths.createFolders(vendorDir, target.getParent());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(old.getParent());
        AtomicFiles.move(target, old);
        movedOld = true;
      }
      AtomicFiles.move(staged, target);
      done.push(new Step(root, true, movedOld));
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
        Path target = ProjectPaths.resolve(vendorDir, path);
        ProjectPaths.createFolders(vendorDir, target.getParent());
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
      throw new FetchException("cannot place files in " + vendorDir + ": " + DiskFull.describe(e));
    } catch (FetchException e) {
      rollBack(placed, movedAway);
      throw e;
    }
    placed.forEach(p -> done.push(new Step(p, true, movedAway.contains(p))));
    prune(obsolete);
  }

  private void rollBack(List<String> placed, List<String> movedAway) {
    for (String path : placed) {
      Path target = checkedOrNull(path);
      if (target != null) {
        AtomicFiles.deleteQuietly(target);
      }
    }
    for (String path : movedAway) {
      try {
        Path target = checkedOrNull(path);
        if (target != null) {
          AtomicFiles.move(trash.resolve(path), target);
        }
      } catch (IOException ignored) {
        // stays in the trash folder; the lock is not written, so the next run fetches again
      }
    }
  }

  /** {@code vendor/path} if no folder on the way is a symlink (else null: leave it be). */
  private Path checkedOrNull(String path) {
    try {
      return ProjectPaths.resolve(vendorDir, path);
    } catch (FetchException e) {
      return null;
    }
  }

  /** Removes folders or files of sources that left the manifest. */
  public void prune(Collection<String> roots) {
    for (String root : roots) {
      Path target = ProjectPaths.resolve(vendorDir, root);
      try {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path old = trash.resolve(root);
          Files.createDirectories(old.getParent());
          AtomicFiles.move(target, old);
          done.push(new Step(root, false, true));
        }
        removeEmptyParents(target.getParent());
      } catch (IOException e) {
        throw new FetchException("cannot remove " + root + " from " + vendorDir + ": " + e.getMessage());
      }
    }
  }

  private void removeEmptyParents(Path dir) throws IOException {
    Path d = dir;
    while (d != null && d.startsWith(vendorDir) && !d.equals(vendorDir)
        && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      ProjectPaths.requireFolder(vendorDir, d);
      try (var s = Files.list(d)) {
        if (s.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(d);
      d = d.getParent();
    }
  }

  /**
   * Undoes every completed step, newest first: placed content is removed and what it replaced or
   * what was pruned comes back from the trash. Best effort (renames only, within one file system
   * no space is needed); what cannot be restored stays in the trash and the lock is not written,
   * so the next run fetches again.
   */
  public void rollBack() {
    while (!done.isEmpty()) {
      Step s = done.pop();
      Path target = checkedOrNull(s.path());
      if (target == null) {
        continue; // a folder on the way became a symlink: touch nothing there
      }
      if (s.placed()) {
        AtomicFiles.deleteQuietly(target);
      }
      if (s.movedAway()) {
        try {
          ProjectPaths.createFolders(vendorDir, target.getParent());
          AtomicFiles.move(trash.resolve(s.path()), target);
        } catch (IOException | FetchException ignored) {
          // stays in the trash folder
        }
      }
    }
  }

  /** Deletes what was moved away. Call after the lock is written. */
  public void cleanUp() {
    AtomicFiles.deleteQuietly(trash);
  }
}
