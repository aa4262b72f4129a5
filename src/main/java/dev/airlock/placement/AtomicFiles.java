package dev.airlock.placement;

import dev.airlock.error.DiskFull;
import dev.airlock.error.IoFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Writes that are never seen half-done: a temp file beside the target, then an atomic rename. */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path target, String content) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      move(tmp, target);
    } catch (IOException e) {
      throw new IoFailureException("cannot write " + target + ": " + DiskFull.describe(e), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Like {@link #writeString}, for files users own and tools read (Dockerfile, .dockerignore): the
   * replaced file keeps its permissions, a new one gets rw-r--r-- (not the temp file's rw-------).
   */
  public static void replaceString(Path target, String content) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, Files.isRegularFile(target)
            ? Files.getPosixFilePermissions(target)
            : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      move(tmp, target);
    } catch (IOException e) {
      throw new IoFailureException("cannot write " + target + ": " + DiskFull.describe(e), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Renames atomically, replacing {@code to}; across file systems falls back to copy + rename. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Path tmp = to.resolveSibling("." + to.getFileName() + ".airlock-tmp");
      deleteTree(tmp);
      try {
        copyTree(from, tmp);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException failure) {
        deleteQuietly(tmp); // never a half copy beside the target, which may be in the vendor dir
        throw failure;
      }
      deleteTree(from);
    }
  }

  public static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        deleteTree(p);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Deletes a file or a tree without following symlinks. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(root);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      return;
    }
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
