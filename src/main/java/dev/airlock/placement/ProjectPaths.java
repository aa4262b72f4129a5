package dev.airlock.placement;

import dev.airlock.error.FetchException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where airlock may create, write, rename or delete in a project. A checkout is not trusted: it can
 * hold symlinks where airlock writes ({@code vendor/files -> ../../victim}, {@code .airlock -> ~}),
 * and a write or delete through one lands outside the project. So every path airlock touches there
 * is checked from a trusted <em>anchor</em> (the manifest's folder, or a {@code --vendor-dir}
 * outside it given on the command line) down, one component at a time with
 * {@link LinkOption#NOFOLLOW_LINKS}: each existing component below the anchor must be a real folder,
 * never a symlink. Folders are created one at a time and checked again once created.
 *
 * <p>The last component of a path that is renamed or deleted may be a symlink (a vendored link):
 * a rename or delete acts on the link itself, never through it.
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  /**
   * The first symlink among {@code target} and its folders below {@code anchor}, if any; the walk
   * ends at the first component that does not exist.
   *
   * @throws IllegalArgumentException if {@code target} is not {@code anchor} or below it
   */
  public static Optional<Path> firstLink(Path anchor, Path target) {
    Path base = anchor.toAbsolutePath().normalize();
    Path t = target.toAbsolutePath().normalize();
    if (!t.startsWith(base)) {
      throw new IllegalArgumentException(target + " is not below " + anchor);
    }
    Path at = base;
    for (Path name : base.relativize(t)) {
      if (name.toString().isEmpty()) {
        break; // target is the anchor itself
      }
      at = at.resolve(name);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException missing) {
        return Optional.empty();
      }
      if (a.isSymbolicLink()) {
        return Optional.of(at);
      }
    }
    return Optional.empty();
  }

  /** {@code dir}, after checking that it and its folders below {@code anchor} are no symlinks. */
  public static Path requireFolder(Path anchor, Path dir) {
    firstLink(anchor, dir).ifPresent(link -> {
      throw refused(anchor, link);
    });
    return dir;
  }

  /**
   * {@code path}, after checking that it lies below {@code anchor} (never the anchor itself) and that
   * none of the folders leading to it is a symlink; the path itself may be one.
   */
  public static Path requireParents(Path anchor, Path path) {
    Path base = anchor.toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    if (!p.startsWith(base) || p.equals(base)) {
      throw new FetchException("refusing to touch " + path + ": it is not inside " + anchor);
    }
    requireFolder(anchor, p.getParent());
    return path;
  }

  /**
   * {@code anchor.resolve(rel)} for a relative path as the lock and the fetchers spell them
   * ({@code /}-separated, no empty, {@code .} or {@code ..} segment, not absolute), checked with
   * {@link #requireParents}.
   */
  public static Path resolve(Path anchor, String rel) {
    String problem = relativeProblem(rel);
    if (problem != null) {
      throw new FetchException("refusing path " + EntryPath.display(rel) + ": " + problem);
    }
    return requireParents(anchor, anchor.resolve(rel));
  }

  /**
   * Why {@code rel} is not a plain relative path below a folder ({@code a/b/c}: no empty,
   * {@code .} or {@code ..} segment, no leading {@code /}, no backslash or NUL), or null when it is.
   */
  public static String relativeProblem(String rel) {
    if (rel == null || rel.isEmpty()) {
      return "empty path";
    }
    if (rel.indexOf('\0') >= 0 || rel.indexOf('\\') >= 0) {
      return "contains NUL or a backslash";
    }
    for (String segment : rel.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return rel.startsWith("/") ? "absolute path" : "empty, '.' or '..' segment";
      }
    }
    return null;
  }

  /**
   * Creates {@code dir} and its missing folders below {@code anchor} one at a time (the anchor too,
   * if missing: its own path is trusted), each checked after creation to be a real folder.
   */
  public static Path createFolders(Path anchor, Path dir) throws IOException {
    Path base = anchor.toAbsolutePath().normalize();
    Path d = dir.toAbsolutePath().normalize();
    if (!d.startsWith(base)) {
      throw new FetchException("refusing to create " + dir + ": it is not inside " + anchor);
    }
    if (!Files.isDirectory(base)) {
      Files.createDirectories(base);
    }
    Path at = base;
    for (Path name : base.relativize(d)) {
      if (name.toString().isEmpty()) {
        break;
      }
      at = at.resolve(name);
      try {
        Files.createDirectory(at);
      } catch (FileAlreadyExistsException exists) {
        // checked below, whatever it is
      }
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        throw new FetchException("refusing to write in " + shown(anchor, at) + ": it disappeared while being created");
      }
      if (a.isSymbolicLink()) {
        throw refused(anchor, at);
      }
      if (!a.isDirectory()) {
        throw new FetchException("cannot create folder " + shown(anchor, at) + ": a file is in the way");
      }
    }
    return dir;
  }

  /**
   * What a fetch checks before it touches anything: {@code fetch.lock} is no symlink, the vendor dir
   * and its folders below {@code base} are real folders (a {@code --vendor-dir} outside the project is
   * the user's own choice), nothing directly inside the vendor dir (the kind folders {@code files/},
   * {@code git/}, {@code pypi/}…, all airlock's own) is a symlink.
   */
  public static void requireFetchLayout(Path base, Path vendor, Path lockFile) {
    if (Files.isSymbolicLink(lockFile)) {
      throw new FetchException("refusing to read or replace " + shown(base, lockFile) + ": it is a symlink;"
          + " the lock must be a real file of the project (remove the link and run again)");
    }
    if (vendor.toAbsolutePath().normalize().startsWith(base.toAbsolutePath().normalize())) {
      requireFolder(base, vendor);
    }
    if (Files.isDirectory(vendor, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> children = Files.list(vendor)) {
        children.filter(Files::isSymbolicLink).sorted().findFirst().ifPresent(link -> {
          throw refused(vendor, link);
        });
      } catch (IOException e) {
        throw new FetchException("cannot read " + vendor + ": " + e.getMessage());
      }
    }
  }

  /** No folder holding one of the lock's paths (relative to {@code vendor}) is a symlink. */
  public static void requireLockedFolders(Path vendor, Collection<String> lockedPaths) {
    Set<Path> folders = new TreeSet<>();
    for (String rel : lockedPaths) {
      folders.add(resolve(vendor, rel).getParent());
    }
    folders.forEach(dir -> requireFolder(vendor, dir));
  }

  /** A path from a file airlock reads (the lock) made safe for a message: quoted, escaped, shortened. */
  public static String display(String raw) {
    return EntryPath.display(raw);
  }

  private static FetchException refused(Path anchor, Path link) {
    return new FetchException("refusing to write or delete through symlink " + shown(anchor, link)
        + ": airlock writes only into real folders of the project (a checkout can plant links that lead outside"
        + " it); remove the link and run again");
  }

  /** A path as the user knows it: relative to the anchor's folder when below it. */
  private static String shown(Path anchor, Path p) {
    Path base = anchor.toAbsolutePath().normalize();
    Path parent = base.getParent() == null ? base : base.getParent();
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(parent) ? parent.relativize(abs).toString() : abs.toString();
  }
}
