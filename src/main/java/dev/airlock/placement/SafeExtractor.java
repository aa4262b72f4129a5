package dev.airlock.placement;

import dev.airlock.error.FetchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Unpacks a downloaded, already hash-verified archive ({@code .tar.gz}/{@code .tgz},
 * {@code .tar}, {@code .zip}) into a fresh folder, such that nothing can land outside it
 * (traversal, absolute or drive paths, symlinks or hardlinks out, device files) and
 * decompression bombs stop at {@link Limits}. On failure nothing it wrote is left behind.
 */
public final class SafeExtractor {

  /**
   * Caps on one extraction, counted from the bytes actually produced, never from headers, and
   * whether the tree may hold paths that collide on macOS and Windows.
   *
   * @param maxTotalBytes bytes written in all
   * @param maxEntries archive entries of any kind
   * @param maxRatio bytes produced per byte of archive; only checked past 1 MiB of output
   * @param caseCollisionsAllowed paths that differ only in case or Unicode normalisation
   *     ({@link PathCollisions}) are written instead of refused (the source's
   *     {@code allowCaseCollisions}); every other check stays
   */
  public record Limits(long maxTotalBytes, long maxEntries, long maxRatio, boolean caseCollisionsAllowed) {
    public static final Limits DEFAULT = new Limits(4L << 30, 100_000, 1000);

    public Limits {
      if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 0) {
        throw new IllegalArgumentException("extraction limits must be positive");
      }
    }

    /** Colliding paths refused. */
    public Limits(long maxTotalBytes, long maxEntries, long maxRatio) {
      this(maxTotalBytes, maxEntries, maxRatio, false);
    }

    /** These caps, with colliding paths allowed or not. */
    public Limits withCaseCollisions(boolean allowed) {
      return new Limits(maxTotalBytes, maxEntries, maxRatio, allowed);
    }
  }

  private enum Format { TAR_GZ, TAR, ZIP }

  private final Limits limits;

  public SafeExtractor(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Whether the name ends in .tar.gz, .tgz, .tar or .zip, in any case. */
  public static boolean supports(String fileName) {
    return format(fileName) != null;
  }

  /**
   * Extracts {@code archive} into {@code dest}, which must not exist (it is created; its parent
   * must exist) or be an empty directory. {@code fileName} picks the format and names the archive
   * in messages.
   *
   * @return the regular files written, as sorted {@code /}-separated paths relative to dest
   * @throws FetchException if the archive is unsupported, corrupt, hostile or over a limit; by
   *     then everything written under dest is deleted, and dest too if this call created it
   */
  public List<String> extract(Path archive, String fileName, Path dest) {
    String what = "cannot extract " + EntryPath.display(fileName);
    Format format = format(fileName);
    if (format == null) {
      throw new FetchException(
          what + ": unknown archive type (expected .tar.gz, .tgz, .tar or .zip)");
    }
    boolean created = prepare(dest, what);
    try {
      Path root = dest.toRealPath();
      Budget budget = new Budget(limits, Files.size(archive));
      ExtractionTree tree = new ExtractionTree(root, budget, !limits.caseCollisionsAllowed());
      switch (format) {
        case TAR_GZ -> TarUnpacker.unpack(archive, true, tree, budget);
        case TAR -> TarUnpacker.unpack(archive, false, tree, budget);
        case ZIP -> ZipUnpacker.unpack(archive, tree, budget);
      }
      return tree.finish();
    } catch (ExtractionFailure e) {
      throw cleanUp(dest, created, new FetchException(what + ": " + e.getMessage(), e));
    } catch (IOException e) {
      throw cleanUp(dest, created, new FetchException(
          what + ": corrupt or unreadable archive: " + ExtractionFailure.describe(e), e));
    } catch (RuntimeException e) { // commons-compress reports some malformed input this way
      throw cleanUp(dest, created, new FetchException(
          what + ": corrupt or unreadable archive: " + e.getClass().getSimpleName(), e));
    } catch (Error e) {
      throw cleanUp(dest, created, e);
    }
  }

  private static Format format(String fileName) {
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
      return Format.TAR_GZ;
    }
    if (name.endsWith(".tar")) {
      return Format.TAR;
    }
    return name.endsWith(".zip") ? Format.ZIP : null;
  }

  /** Creates dest or checks it is an empty real directory; true if created. */
  private static boolean prepare(Path dest, String what) {
    try {
      if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(dest);
        return true;
      }
      if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
        throw new FetchException(what + ": destination " + dest + " is not a directory");
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dest)) {
        if (children.iterator().hasNext()) {
          throw new FetchException(what + ": destination " + dest + " is not empty");
        }
      }
      return false;
    } catch (IOException e) {
      throw new FetchException(
          what + ": cannot create destination " + dest + ": " + ExtractionFailure.describe(e), e);
    }
  }

  private static <T extends Throwable> T cleanUp(Path dest, boolean created, T failure) {
    try {
      deleteTree(dest, created);
    } catch (IOException | UncheckedIOException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * Deletes everything under {@code dir}, and {@code dir} itself if asked. Symlinks are deleted,
   * never followed.
   */
  static void deleteTree(Path dir, boolean includingDir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() { // does not follow links by default
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        if (includingDir || !directory.equals(dir)) {
          Files.delete(directory);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
