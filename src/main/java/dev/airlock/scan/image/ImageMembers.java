package dev.airlock.scan.image;

import dev.airlock.scan.core.Format;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * The members of an image: the regular files of an OCI layout folder, or of a docker-archive / OCI
 * tarball (itself possibly gzip-, zstd- or xz-compressed, as {@code docker save | gzip} makes).
 */
final class ImageMembers {
  interface Visitor {
    void member(String name, long size, InputStream in) throws IOException;
  }

  private ImageMembers() {}

  static void forEach(Path input, Visitor v) throws IOException {
    if (Files.isDirectory(input)) {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(input)) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          v.member(input.relativize(f).toString().replace(java.io.File.separatorChar, '/'), Files.size(f), in);
        }
      }
      return;
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
      raw.mark(Format.HEAD);
      byte[] head = raw.readNBytes(Format.HEAD);
      raw.reset();
      InputStream in = raw;
      if (Format.detect(head, head.length).compression()) {
        try {
          in = new BufferedInputStream(new CompressorStreamFactory().createCompressorInputStream(raw), 1 << 16);
        } catch (CompressorException e) {
          throw new IOException("cannot decompress " + input.getFileName() + ": " + e.getMessage(), e);
        }
      }
      TarArchiveInputStream tar = new TarArchiveInputStream(in);
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          v.member(LayerIndex.normalise(e.getName()), e.getSize(), tar);
        }
      }
    }
  }
}
