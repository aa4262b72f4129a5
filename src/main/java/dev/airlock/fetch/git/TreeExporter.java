package dev.airlock.fetch.git;

import dev.airlock.error.FetchException;
import dev.airlock.placement.PathCollisions;
import dev.airlock.placement.SafeExtractor;
import dev.airlock.placement.SafeName;
import dev.airlock.placement.TreeLinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Writes a commit's tree (or the listed {@code paths} of it) into a folder, with no {@code .git}
 * and nothing outside it (library finding 7, security cases 49-50). Every entry name is checked again here, not
 * only at fetch time: {@code .}, {@code ..}, {@code .git} in any case or disguise, and names Windows
 * would read differently ({@link SafeName}, shared with archive extraction) fail the export. Blobs are written raw: no smudge or clean filter, no LFS,
 * no line-ending conversion. Executable bits are kept. A symlink is written only if it resolves
 * inside the folder and does not make the tree recursive; all symlinks are created after every file, so no write goes through one.
 * Submodules (gitlinks) are not followed: they are reported. Entries and bytes are capped. Two paths
 * that differ only in case or Unicode normalisation are refused unless the limits allow them (the
 * source's {@code allowCaseCollisions}).
 */
final class TreeExporter {
  /**
   * What was written: git mode and the lock's digest (sha256 hex, or {@code link:TARGET}) per path
   * relative to the folder, hashed while writing, and the submodules skipped.
   */
  record Result(SortedMap<String, FileMode> modes, SortedMap<String, String> digests,
      SortedMap<String, ObjectId> submodules, long bytes) {}

  private final ObjectReader reader;
  private final SafeExtractor.Limits limits;
  private final String source;
  private final BlobWriter.Written written;

  TreeExporter(ObjectReader reader, SafeExtractor.Limits limits, String source) {
    this(reader, limits, source, (d, s, t) -> {});
  }

  TreeExporter(ObjectReader reader, SafeExtractor.Limits limits, String source, BlobWriter.Written written) {
    this.reader = reader;
    this.limits = limits;
    this.source = source;
    this.written = written;
  }

  Result export(RevTree tree, List<String> paths, Path dest) throws IOException {
    Files.createDirectories(dest);
    SortedMap<String, FileMode> modes = new TreeMap<>();
    SortedMap<String, String> digests = new TreeMap<>();
    SortedMap<String, ObjectId> submodules = new TreeMap<>();
    Map<String, ObjectId> links = new TreeMap<>();
    Set<String> unmatched = new LinkedHashSet<>(paths);
    long bytes = 0;
    BlobWriter writers = new BlobWriter(dest, written);
    PathCollisions collisions = new PathCollisions();
    String lastFolder = null; // the walk is in tree order: a file's folders were added with its predecessor
    try (writers; TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      if (!paths.isEmpty()) {
        walk.setFilter(PathFilterGroup.createFromStrings(paths));
      }
      while (walk.next()) {
        String path = checkedPath(walk.getRawPath());
        String folder = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        Optional<String> collision = limits.caseCollisionsAllowed() ? Optional.empty()
            : folder.equals(lastFolder) ? collisions.add(path).map(other -> PathCollisions.describe(other, path))
            : collisions.addWithParents(path);
        lastFolder = folder;
        if (collision.isPresent()) {
          throw new FetchException(source + ": the tree holds " + collision.get() + "; nothing was placed");
        }
        unmatched.removeIf(p -> path.equals(p) || path.startsWith(p + "/"));
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.GITLINK) {
          submodules.put(path, walk.getObjectId(0));
          continue;
        }
        if (modes.size() + 1 > limits.maxEntries()) {
          throw new FetchException(source + ": the tree has more than " + limits.maxEntries() + " entries (entry limit)");
        }
        if (mode == FileMode.SYMLINK) {
          links.put(path, walk.getObjectId(0));
        } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          ObjectLoader loader = reader.open(walk.getObjectId(0));
          bytes += loader.getSize();
          if (bytes > limits.maxTotalBytes()) {
            throw new FetchException(source + ": the tree is larger than " + limits.maxTotalBytes() + " bytes (size limit)");
          }
          Path target = dest.resolve(path);
          boolean executable = mode == FileMode.EXECUTABLE_FILE;
          if (loader.isLarge() || loader.getSize() > BlobWriter.MAX_QUEUED_BLOB) {
            digests.put(path, writers.write(loader::copyTo, target, executable)); // streamed, here
          } else { // read here (the ObjectReader is not thread-safe), written, hashed and scanned there
            writers.submit(path, loader.getCachedBytes(), target, executable);
          }
        } else {
          throw new FetchException(source + ": tree entry " + display(path) + " has an unsupported mode " + mode);
        }
        modes.put(path, mode);
      }
    }
    digests.putAll(writers.results());
    if (!unmatched.isEmpty()) {
      throw new FetchException(source + ": paths not found in the tree: " + String.join(", ", unmatched));
    }
    writeLinks(links, dest).forEach((path, target) -> digests.put(path, "link:" + target));
    return new Result(modes, digests, submodules, bytes);
  }

  /**
   * The entry's path, each segment checked by {@link SafeName}, the check archive entries get too:
   * never {@code ..} or {@code .git} in any spelling, no Windows-hazard name.
   */
  private String checkedPath(byte[] raw) {
    String path = new String(raw, StandardCharsets.UTF_8);
    for (String segment : path.split("/", -1)) {
      String problem = SafeName.problem(segment);
      if (problem != null) {
        throw new FetchException(source + ": refusing tree entry " + display(path) + ": " + display(segment)
            + " is " + problem);
      }
    }
    return path;
  }

  private Map<String, String> writeLinks(Map<String, ObjectId> links, Path dest) throws IOException {
    Map<String, String> targets = new TreeMap<>();
    for (var e : links.entrySet()) {
      ObjectLoader loader = reader.open(e.getValue());
      if (loader.getSize() > 4096) {
        throw new FetchException(source + ": symlink " + display(e.getKey()) + " has a target longer than 4096 bytes");
      }
      targets.put(e.getKey(), new String(loader.getBytes(), StandardCharsets.UTF_8));
    }
    List<String> refused = TreeLinks.refused(targets);
    if (!refused.isEmpty()) {
      throw new FetchException(source + ": refusing symlinks that point outside the repository's folder or make it"
          + " recursive: " + String.join("; ", refused));
    }
    for (var e : targets.entrySet()) {
      Path link = dest.resolve(e.getKey());
      ensureRealDirectories(dest, link.getParent());
      Files.createSymbolicLink(link, Path.of(e.getValue()));
    }
    return targets;
  }

  /** Creates the folders up to {@code dir}, refusing to pass through a symlink. */
  private void ensureRealDirectories(Path dest, Path dir) throws IOException {
    List<Path> chain = new ArrayList<>();
    for (Path d = dir; d != null && !d.equals(dest); d = d.getParent()) {
      chain.add(0, d);
    }
    for (Path d : chain) {
      if (Files.isSymbolicLink(d)) {
        throw new FetchException(source + ": refusing to write through symlink " + display(dest.relativize(d).toString()));
      }
      if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(d);
      }
    }
  }

  static String display(String path) {
    StringBuilder b = new StringBuilder("'");
    path.codePoints().limit(200).forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return b.append('\'').toString();
  }
}
