package dev.airlock.placement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The destination folder as an extraction fills it. Every path it is given has already passed
 * {@link EntryPath}; this class decides what may be written where:
 *
 * <ul>
 *   <li>each path is claimed once (duplicates are ambiguous, so refused);
 *   <li>unless the source allows it, no path differs from another only in case or Unicode
 *       normalisation ({@link PathCollisions});
 *   <li>nothing is written below a path the archive made a symlink or a file;
 *   <li>symlinks are only created at the end, after every regular file is written and every link
 *       target is checked, so no write can ever pass through one;
 *   <li>hardlinks become copies of an earlier regular file, never links;
 *   <li>modes are 0644 or 0755 (owner-executable kept), directories 0755.
 * </ul>
 */
final class ExtractionTree {
  private enum Kind { FILE, DIR, IMPLICIT_DIR, SYMLINK }

  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> EXEC_MODE = DIR_MODE;
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final Path root;
  private final Budget budget;
  private final boolean posix;
  private final Map<String, Kind> kinds = new HashMap<>();
  private final Set<String> executables = new HashSet<>();
  private final Map<String, String> links = new TreeMap<>();
  private final PathCollisions collisions = new PathCollisions();
  /** False when paths may differ only in case or normalisation (the source's allowCaseCollisions). */
  private final boolean refuseCollisions;

  /** {@code root} is the real path of an empty directory. */
  ExtractionTree(Path root, Budget budget, boolean refuseCollisions) throws IOException {
    this.root = root;
    this.budget = budget;
    this.refuseCollisions = refuseCollisions;
    this.posix = Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  void directory(String path) throws IOException {
    if (claim(path, Kind.DIR)) {
      Path dir = resolve(path);
      Files.createDirectory(dir);
      setMode(dir, DIR_MODE);
    }
  }

  void file(String path, InputStream data, boolean executable) throws IOException {
    claim(path, Kind.FILE);
    Path file = resolve(path);
    write(file, data);
    if (executable) {
      executables.add(path);
    }
    setMode(file, executable ? EXEC_MODE : FILE_MODE);
  }

  /** A tar hardlink: a copy of {@code target}, which must be an earlier regular file. */
  void hardlink(String path, String target) throws IOException {
    if (kinds.get(target) != Kind.FILE) {
      throw ExtractionFailure.of("hardlink to " + EntryPath.display(target)
          + ", which is not an earlier regular file in the archive");
    }
    claim(path, Kind.FILE);
    Path copy = resolve(path);
    try (InputStream in = Files.newInputStream(resolve(target), LinkOption.NOFOLLOW_LINKS)) {
      write(copy, in);
    }
    boolean executable = executables.contains(target);
    if (executable) {
      executables.add(path);
    }
    setMode(copy, executable ? EXEC_MODE : FILE_MODE);
  }

  /** Records a symlink; it is checked and created by {@link #finish()}. */
  void symlink(String path, String target) throws IOException {
    claim(path, Kind.SYMLINK);
    links.put(path, target);
  }

  /** Checks and creates the symlinks; returns the regular files written, sorted. */
  List<String> finish() throws IOException {
    List<ExtractionFailure> refused = new LinkCheck(links).problems();
    if (!refused.isEmpty()) {
      throw refused.get(0);
    }
    for (Map.Entry<String, String> link : links.entrySet()) {
      Path at = resolve(link.getKey());
      try {
        Files.createSymbolicLink(at, at.getFileSystem().getPath(link.getValue()));
      } catch (IOException e) {
        throw ExtractionFailure.io(link.getKey(), e);
      } catch (UnsupportedOperationException e) {
        throw ExtractionFailure.entry(link.getKey(), "symlinks are not supported here");
      }
    }
    return kinds.entrySet().stream()
        .filter(e -> e.getValue() == Kind.FILE)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Claims {@code path}; false if it is a directory that already exists. */
  private boolean claim(String path, Kind kind) throws IOException {
    if (path.isEmpty()) {
      if (kind == Kind.DIR) {
        return false; // "./": the destination itself
      }
      throw ExtractionFailure.of("names the destination folder itself");
    }
    Kind existing = kinds.get(path);
    if (existing == Kind.IMPLICIT_DIR && kind == Kind.DIR) {
      kinds.put(path, Kind.DIR);
      return false;
    }
    if (existing != null) {
      throw ExtractionFailure.of("duplicate entry for the same path");
    }
    makeParents(path);
    noCollision(path);
    kinds.put(path, kind);
    return true;
  }

  /** Creates missing parent folders, refusing to go below a symlink or a file. */
  private void makeParents(String path) throws IOException {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      String parent = path.substring(0, slash);
      Kind kind = kinds.get(parent);
      if (kind == Kind.SYMLINK) {
        throw ExtractionFailure.of("parent " + EntryPath.display(parent) + " is a symlink");
      }
      if (kind == Kind.FILE) {
        throw ExtractionFailure.of("parent " + EntryPath.display(parent) + " is a file");
      }
      Path dir = resolve(parent);
      if (Files.isSymbolicLink(dir)) { // cannot happen (links come last); checked all the same
        throw ExtractionFailure.of("parent " + EntryPath.display(parent) + " is a symlink");
      }
      if (kind == null) {
        noCollision(parent);
        Files.createDirectory(dir);
        setMode(dir, DIR_MODE);
        kinds.put(parent, Kind.IMPLICIT_DIR);
      }
    }
  }

  /** Refuses a path that differs from an earlier one only in case or Unicode normalisation. */
  private void noCollision(String path) {
    if (!refuseCollisions) {
      return;
    }
    collisions.add(path).ifPresent(other -> {
      throw ExtractionFailure.of(PathCollisions.describe(other, path));
    });
  }

  private void write(Path file, InputStream data) throws IOException {
    try (OutputStream out = Files.newOutputStream(file,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = data.read(buffer); n != -1; n = data.read(buffer)) {
        budget.write(n); // throws before the bytes reach the disk
        out.write(buffer, 0, n);
      }
    }
  }

  private Path resolve(String path) {
    Path resolved;
    try {
      resolved = root.resolve(path);
    } catch (InvalidPathException e) {
      throw ExtractionFailure.of("not a valid file name on this system");
    }
    if (!resolved.normalize().startsWith(root) || resolved.equals(root)) {
      // Unreachable after EntryPath; kept as a second line of defence.
      throw ExtractionFailure.of("resolves outside the destination");
    }
    return resolved;
  }

  private void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix) {
      Files.setPosixFilePermissions(path, mode);
    }
  }
}
