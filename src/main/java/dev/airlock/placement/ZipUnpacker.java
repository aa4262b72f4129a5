package dev.airlock.placement;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a {@code .zip} through its central directory (authoritative, unlike a streaming read of
 * local headers) into an {@link ExtractionTree}.
 */
final class ZipUnpacker {
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int MAX_LINK_TARGET = 4096;

  private ZipUnpacker() {}

  static void unpack(Path archive, ExtractionTree tree, Budget budget) throws IOException {
    try (ZipFile zip = open(archive)) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      budget.entries(entries.size());
      rejectSharedData(entries);
      for (ZipArchiveEntry entry : entries) {
        String name = entry.getName();
        try {
          unpackEntry(zip, entry, tree);
        } catch (ExtractionFailure e) {
          throw e.at(name);
        } catch (IOException e) {
          throw ExtractionFailure.io(name, e);
        }
      }
    }
  }

  private static ZipFile open(Path archive) throws IOException {
    // Names without the UTF-8 flag are read as UTF-8 too (what current tools write).
    return ZipFile.builder().setPath(archive).setCharset(StandardCharsets.UTF_8).get();
  }

  private static void unpackEntry(ZipFile zip, ZipArchiveEntry entry, ExtractionTree tree)
      throws IOException {
    String name = entry.getName();
    int unixType = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX
        ? entry.getUnixMode() & FILE_TYPE_MASK : 0;
    if (entry.isUnixSymlink()) {
      String target = EntryPath.linkTarget(name, readLinkTarget(zip, entry));
      tree.symlink(EntryPath.normalise(name), target);
    } else if (unixType != 0 && unixType != REGULAR && unixType != DIRECTORY) {
      throw ExtractionFailure.of("device files, FIFOs and sockets are not allowed");
    } else if (entry.isDirectory()) {
      tree.directory(EntryPath.normalise(name));
    } else if (!zip.canReadEntryData(entry)) {
      throw ExtractionFailure.of("encrypted, or an unsupported compression method");
    } else {
      String path = EntryPath.normalise(name);
      try (InputStream in = zip.getInputStream(entry)) {
        tree.file(path, in, (entry.getUnixMode() & 0100) != 0);
      }
    }
  }

  /** A symlink entry's data is its target; read with a bound, not trusting the sizes. */
  private static String readLinkTarget(ZipFile zip, ZipArchiveEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] target = in.readNBytes(MAX_LINK_TARGET + 1);
      if (target.length > MAX_LINK_TARGET) {
        throw ExtractionFailure.of("symlink target longer than " + MAX_LINK_TARGET + " bytes");
      }
      return new String(target, StandardCharsets.UTF_8);
    }
  }

  /**
   * Refuses central-directory entries that share one local entry: the cheapest overlapping
   * zip bomb (one compressed body, extracted many times). Partly overlapping bodies ("quoted
   * overlap") are not looked for here, because real-world zips trip such checks; the size and
   * ratio caps stop those bombs instead.
   */
  private static void rejectSharedData(List<ZipArchiveEntry> entries) {
    Map<Long, String> byOffset = new HashMap<>();
    for (ZipArchiveEntry entry : entries) {
      String earlier = byOffset.putIfAbsent(entry.getLocalHeaderOffset(), entry.getName());
      if (earlier != null) {
        throw ExtractionFailure.entry(entry.getName(), "shares its data with entry "
            + EntryPath.display(earlier) + " (overlapping entries, a zip bomb pattern)");
      }
    }
  }
}
