package dev.airlock.placement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds hostile and ordinary archives for the extractor tests. */
final class TestArchives {
  private TestArchives() {}

  interface TarBody {
    void write(TarArchiveOutputStream out) throws IOException;
  }

  interface ZipBody {
    void write(ZipArchiveOutputStream out) throws IOException;
  }

  /** A tar, gzipped when the name ends in .gz or .tgz (any case). Names are kept verbatim. */
  static Path tar(Path file, TarBody body) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream maybeGzip = name.endsWith("gz") ? new GzipCompressorOutputStream(raw) : raw;
        TarArchiveOutputStream out = new TarArchiveOutputStream(maybeGzip, "UTF-8")) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      body.write(out);
    }
    return file;
  }

  static void file(TarArchiveOutputStream out, String name, String content) throws IOException {
    file(out, name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  static void file(TarArchiveOutputStream out, String name, byte[] data, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(0100000 | mode);
    entry.setSize(data.length);
    out.putArchiveEntry(entry);
    out.write(data);
    out.closeArchiveEntry();
  }

  static void dir(TarArchiveOutputStream out, String name, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    entry.setMode(0040000 | mode);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  static void symlink(TarArchiveOutputStream out, String name, String target) throws IOException {
    link(out, name, target, TarConstants.LF_SYMLINK);
  }

  static void hardlink(TarArchiveOutputStream out, String name, String target) throws IOException {
    link(out, name, target, TarConstants.LF_LINK);
  }

  private static void link(TarArchiveOutputStream out, String name, String target, byte type)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setLinkName(target);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  /** A header-only entry of the given type: a device, a FIFO, anything else. */
  static void special(TarArchiveOutputStream out, String name, byte type) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setDevMajor(1);
    entry.setDevMinor(3);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  /** The global pax header {@code git archive} puts first in every tarball. */
  static void globalPaxComment(TarArchiveOutputStream out, String comment) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(
        "pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
    entry.addPaxHeader("comment", comment);
    out.putArchiveEntry(entry); // writes and closes the entry by itself
  }

  /**
   * A gzipped tar whose single entry is a symlink that nevertheless carries a body, which an
   * extractor reads past without writing. (The tar writer will not produce one, so the type flag
   * and link name of a regular file entry are patched.)
   */
  static Path gzippedSymlinkWithBody(Path file, String name, String target, byte[] body)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, "UTF-8")) {
      file(out, name, body, 0644);
    }
    byte[] tar = bytes.toByteArray();
    tar[156] = TarConstants.LF_SYMLINK;
    byte[] link = target.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(link, 0, tar, 157, link.length);
    Arrays.fill(tar, 148, 156, (byte) ' ');
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += tar[i] & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, tar, 148, 8);
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      out.write(tar);
    }
    return file;
  }

  static Path zip(Path file, ZipBody body) throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
      body.write(out);
    }
    return file;
  }

  static void zipFile(ZipArchiveOutputStream out, String name, String content) throws IOException {
    zipEntry(out, name, content.getBytes(StandardCharsets.UTF_8), 0100644);
  }

  /** {@code unixMode} includes the file type bits (0100000 regular, 0120000 symlink, ...). */
  static void zipEntry(ZipArchiveOutputStream out, String name, byte[] data, int unixMode)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(unixMode);
    out.putArchiveEntry(entry);
    out.write(data);
    out.closeArchiveEntry();
  }

  static void zipSymlink(ZipArchiveOutputStream out, String name, String target)
      throws IOException {
    zipEntry(out, name, target.getBytes(StandardCharsets.UTF_8), 0120777);
  }

  /**
   * One entry of a zip written byte by byte, with a Unix "made by" so names are read verbatim.
   * {@code declaredSize} is what the headers claim the content inflates to, which may be a lie;
   * with {@code sharesPrevious} the entry has no data of its own (its content is ignored) and its
   * central-directory record points at the previous entry's local header (an overlapping zip).
   */
  record RawEntry(String name, byte[] content, long declaredSize, boolean sharesPrevious) {
    static RawEntry of(String name, String content) {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      return new RawEntry(name, bytes, bytes.length, false);
    }
  }

  static Path rawZip(Path file, List<RawEntry> entries) throws IOException {
    ByteArrayOutputStream locals = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    int offset = 0;
    byte[] body = new byte[0];
    CRC32 crc = new CRC32();
    for (RawEntry entry : entries) {
      byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
      if (!entry.sharesPrevious()) {
        body = deflate(entry.content());
        crc = new CRC32();
        crc.update(entry.content());
        offset = locals.size();
        locals.write(header(0x04034b50, 30 + name.length + body.length)
            .putShort((short) 20).putShort((short) 0x800).putShort((short) 8)
            .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
            .putInt(body.length).putInt((int) entry.declaredSize())
            .putShort((short) name.length).putShort((short) 0).put(name).put(body).array());
      }
      central.write(header(0x02014b50, 46 + name.length)
          .putShort((short) (3 << 8 | 20)).putShort((short) 20)
          .putShort((short) 0x800).putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
          .putInt((int) crc.getValue()).putInt(body.length).putInt((int) entry.declaredSize())
          .putShort((short) name.length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(0100644 << 16)
          .putInt(offset).put(name).array());
    }
    byte[] end = header(0x06054b50, 22).putShort((short) 0).putShort((short) 0)
        .putShort((short) entries.size()).putShort((short) entries.size())
        .putInt(central.size()).putInt(locals.size()).putShort((short) 0).array();
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(locals.toByteArray());
      out.write(central.toByteArray());
      out.write(end);
    }
    return file;
  }

  private static ByteBuffer header(int signature, int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(signature);
  }

  private static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      compressed.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return compressed.toByteArray();
  }
}
