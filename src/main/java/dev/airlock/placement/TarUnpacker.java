package dev.airlock.placement;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads a {@code .tar} or {@code .tar.gz} entry by entry into an {@link ExtractionTree}. */
final class TarUnpacker {
  private TarUnpacker() {}

  static void unpack(Path archive, boolean gzip, ExtractionTree tree, Budget budget)
      throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
        InputStream decompressed = gzip ? gunzip(file) : file;
        TarArchiveInputStream tar = new TarArchiveInputStream(
            budget.meterInflated(decompressed), StandardCharsets.UTF_8.name())) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        budget.entry();
        String name = entry.getName();
        try {
          unpackEntry(tar, entry, tree);
        } catch (ExtractionFailure e) {
          throw e.at(name);
        } catch (IOException e) {
          throw ExtractionFailure.io(name, e);
        }
      }
    }
  }

  private static InputStream gunzip(InputStream in) throws IOException {
    return GzipCompressorInputStream.builder()
        .setInputStream(in)
        .setDecompressConcatenated(true)
        .get();
  }

  private static void unpackEntry(
      TarArchiveInputStream tar, TarArchiveEntry entry, ExtractionTree tree) throws IOException {
    String name = entry.getName();
    byte type = entry.getLinkFlag();
    if (entry.isSymbolicLink()) {
      tree.symlink(EntryPath.normalise(name), EntryPath.linkTarget(name, entry.getLinkName()));
    } else if (entry.isLink()) {
      tree.hardlink(EntryPath.normalise(name), hardlinkTarget(entry));
    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw ExtractionFailure.of("device files and FIFOs are not allowed");
    } else if (entry.isDirectory()) {
      tree.directory(EntryPath.normalise(name));
    } else if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM
        || type == TarConstants.LF_CONTIG || entry.isSparse()) {
      // Mode bits beyond owner-executable (setuid, setgid, sticky, group/other write) are dropped.
      tree.file(EntryPath.normalise(name), tar, (entry.getMode() & 0100) != 0);
    } else {
      String flag = EntryPath.display(String.valueOf((char) type));
      throw ExtractionFailure.of("unsupported entry type " + flag);
    }
  }

  /** Tar hardlink targets are archive paths (not relative to the link), so checked as names. */
  private static String hardlinkTarget(TarArchiveEntry entry) {
    String target = String.valueOf(entry.getLinkName());
    try {
      return EntryPath.normalise(target);
    } catch (ExtractionFailure e) {
      throw ExtractionFailure.of(
          "hardlink target " + EntryPath.display(target) + " is outside the archive");
    }
  }
}
