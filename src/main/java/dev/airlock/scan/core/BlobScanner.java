package dev.airlock.scan.core;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Scans one blob of bytes of any kind: recognises compressed streams (gzip, bzip2, xz, zstd) and
 * archives (tar, zip/jar/whl, ar) by their first bytes and descends into them up to the depth limit,
 * so every member is scanned on its own with its own location; everything else goes to the content
 * tiers, and files with credential-file names to that tier too. Nothing is skipped silently: a
 * corrupt stream, an encrypted entry, an unsupported format or a limit is a finding.
 */
public final class BlobScanner {
  /** Sees every entry of the first tar level (image layers use it to track deletions). */
  public interface TarObserver {
    void entry(TarArchiveEntry entry);
  }

  /** A top-level container that turned out not to be what its first bytes said. */
  static final class NotAContainer extends IOException {
    private static final long serialVersionUID = 1L;

    NotAContainer(Format f, IOException cause) {
      super("not a valid " + f.name().toLowerCase(Locale.ROOT) + " stream (" + cause.getMessage() + ")", cause);
    }
  }

  private final ScanContext ctx;
  private final ContentScanner content;

  public BlobScanner(ScanContext ctx) {
    this.ctx = ctx;
    this.content = new ContentScanner(ctx);
  }

  public ScanContext context() {
    return ctx;
  }

  /**
   * A file on disk. A file that starts like a container but does not decode is scanned again as raw
   * bytes (so random data that happens to start with a magic number is fully covered).
   *
   * @return a note for the coverage report, or null
   */
  public String scanFile(Path file, String name, Location where, Tally tally) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return scanArriving(in, file, name, where, tally);
    }
  }

  /**
   * {@link #scanFile} in the pass that writes {@code file}: {@code in} yields the file's bytes as
   * they arrive, and is read to its end here. Only two cases read {@code file} afterwards: a zip
   * (its central directory, which says what the archive holds, comes last) and a stream that
   * starts like a container but does not decode (scanned again as raw bytes).
   *
   * @return a note for the coverage report, or null
   */
  public String scanArriving(InputStream in, Path file, String name, Location where, Tally tally) throws IOException {
    ScanResult local = new ScanResult();
    BlobScanner here = new BlobScanner(ctx.withSink(local));
    String note = null;
    InputStream buffered = buffered(in);
    try {
      if (startsWithZip(buffered)) {
        buffered.transferTo(OutputStream.nullOutputStream());
        try (InputStream again = Files.newInputStream(file)) {
          here.scan(again, name, where, 0, tally, null, file);
        }
      } else {
        here.scan(buffered, name, where, 0, tally, null, file);
      }
    } catch (NotAContainer e) {
      buffered.transferTo(OutputStream.nullOutputStream());
      try (InputStream again = Files.newInputStream(file)) {
        here.leaf(again, name, where, tally, false);
      }
      note = e.getMessage() + "; scanned as raw bytes";
    } catch (LimitExceeded e) {
      local.finding(new Finding(Rule.COVERAGE_PARTIAL, where, "", e.getMessage() + " (raise it or inspect by hand)"));
      note = "partly scanned: " + e.getMessage();
    }
    buffered.transferTo(OutputStream.nullOutputStream()); // what a container left unread (padding, trailers)
    for (Finding f : local.findings()) {
      ctx.sink().finding(f.location().line() == 0 && f.location().offset() >= 0 && f.location().parts().size() == 1
          ? new Finding(f.rule(), f.location().at(Lines.lineOf(file, f.location().offset()), f.location().offset()),
              f.subject(), f.detail())
          : f);
    }
    local.coverage().forEach(ctx.sink()::coverage);
    return note;
  }

  /**
   * {@code in} able to go back to its start: bytes already in memory as they are (a 64 KiB buffer
   * per small git blob was most of a tree's allocation), any other stream buffered.
   */
  private static InputStream buffered(InputStream in) {
    return in instanceof ByteArrayInputStream || in instanceof BufferedInputStream ? in
        : new BufferedInputStream(in, 1 << 16);
  }

  private static boolean startsWithZip(InputStream in) throws IOException {
    in.mark(Format.HEAD);
    byte[] head = in.readNBytes(Format.HEAD);
    in.reset();
    return Format.detect(head, head.length) == Format.ZIP;
  }

  /** A stream with no file behind it (an image member, an archive entry). */
  public void scanStream(InputStream in, String name, Location where, int depth, Tally tally, TarObserver observer)
      throws IOException {
    scan(in, name, where, depth, tally, observer, null);
  }

  private void scan(InputStream raw, String name, Location where, int depth, Tally tally, TarObserver observer,
      Path file) throws IOException {
    InputStream in = buffered(raw);
    in.mark(Format.HEAD);
    byte[] head = in.readNBytes(Format.HEAD);
    in.reset();
    Format f = Format.detect(head, head.length);
    boolean lines = file == null;
    if (f == Format.PLAIN) {
      leaf(in, name, where, tally, lines);
      return;
    }
    if (f.unsupported()) {
      finding(Rule.COVERAGE_UNSUPPORTED, where, f.name().toLowerCase(Locale.ROOT) + " content not opened; raw bytes scanned");
      leaf(in, name, where, tally, lines);
      return;
    }
    if (depth >= ctx.limits().maxDepth()) {
      finding(Rule.COVERAGE_PARTIAL, where, "nested more than " + ctx.limits().maxDepth() + " levels deep; raw bytes scanned");
      leaf(in, name, where, tally, lines);
      return;
    }
    tally.archives.incrementAndGet();
    try {
      switch (f) {
        case GZIP, BZIP2, XZ, ZSTD -> {
          InputStream d = new Counting(decompressor(f, in, where), tally, ctx.limits().maxExpandedBytes());
          scan(d, stripSuffix(name), where, depth + 1, tally, observer, null);
        }
        case TAR -> tar(in, where, depth, tally, observer);
        case ZIP -> zip(in, file, where, depth, tally);
        case AR -> ar(in, where, depth, tally);
        default -> throw new IllegalStateException(f.name());
      }
    } catch (IOException e) {
      if (depth == 0 && file != null && !(e instanceof NotAContainer)) {
        throw new NotAContainer(f, e);
      }
      if (!(e instanceof NotAContainer)) {
        finding(Rule.COVERAGE_PARTIAL, where, "corrupt " + f.name().toLowerCase(Locale.ROOT) + " content ("
            + e.getClass().getSimpleName() + "); scanned up to the error");
      } else {
        finding(Rule.COVERAGE_PARTIAL, where, e.getMessage());
      }
    }
  }

  private InputStream decompressor(Format f, InputStream in, Location where) throws IOException {
    return switch (f) {
      case GZIP -> {
        GzipCompressorInputStream g = GzipCompressorInputStream.builder().setInputStream(in)
            .setDecompressConcatenated(true).get();
        String meta = g.getMetaData().getFileName() + "\n" + g.getMetaData().getComment();
        content.scan(meta.getBytes(StandardCharsets.ISO_8859_1), where.child("(gzip header)"));
        yield g;
      }
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> XZCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
      case ZSTD -> new ZstdCompressorInputStream(in);
      default -> throw new IllegalStateException(f.name());
    };
  }

  private void tar(InputStream in, Location where, int depth, Tally tally, TarObserver observer) throws IOException {
    TarArchiveInputStream tin = new TarArchiveInputStream(in);
    TarArchiveEntry e;
    while ((e = tin.getNextEntry()) != null) {
      if (observer != null) {
        observer.entry(e);
      }
      String n = e.getName();
      headers(n, e.getLinkName(), e.getExtraPaxHeaders(), where.child(n));
      if (e.isFile()) {
        scan(tin, n, where.child(n), depth + 1, tally, null, null);
      }
    }
  }

  private void ar(InputStream in, Location where, int depth, Tally tally) throws IOException {
    ArArchiveInputStream ain = new ArArchiveInputStream(in);
    ArArchiveEntry e;
    while ((e = ain.getNextEntry()) != null) {
      headers(e.getName(), "", Collections.emptyMap(), where.child(e.getName()));
      if (!e.isDirectory()) {
        scan(ain, e.getName(), where.child(e.getName()), depth + 1, tally, null, null);
      }
    }
  }

  private void zip(InputStream in, Path file, Location where, int depth, Tally tally) throws IOException {
    Path temp = null;
    try {
      if (file == null) {
        temp = Files.createTempFile(ctx.tempDir(), "zip-", ".tmp");
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      try (ZipFile zip = ZipFile.builder().setPath(file != null ? file : temp).get()) {
        for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
          Location at = where.child(e.getName());
          headers(e.getName(), e.getComment() == null ? "" : e.getComment(), Collections.emptyMap(), at);
          if (e.isDirectory()) {
            continue;
          }
          if (e.getGeneralPurposeBit().usesEncryption()) {
            finding(Rule.COVERAGE_ENCRYPTED, at, "encrypted zip entry");
          } else if (!zip.canReadEntryData(e)) {
            finding(Rule.COVERAGE_UNSUPPORTED, at, "zip compression method " + e.getMethod());
          } else {
            try (InputStream ein = new Counting(zip.getInputStream(e), tally, ctx.limits().maxExpandedBytes())) {
              scan(ein, e.getName(), at, depth + 1, tally, null, null);
            }
          }
        }
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Names, link targets and pax headers can carry text too. */
  private void headers(String name, String link, Map<String, String> pax, Location at) {
    StringBuilder sb = new StringBuilder(name).append('\n').append(link);
    pax.forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
    content.scan(sb.toString().getBytes(StandardCharsets.UTF_8), at.child("(entry header)"));
  }

  private void leaf(InputStream in, String name, Location where, Tally tally, boolean lines) throws IOException {
    tally.files.incrementAndGet();
    long n;
    if (ctx.fileRules() && CredentialFiles.interesting(name)) {
      int max = ctx.limits().maxInMemory();
      byte[] data = in.readNBytes(max + 1);
      if (data.length <= max) {
        CredentialFiles.check(name, data, where, ctx);
        n = content.scan(data, where);
      } else {
        n = content.scan(new SequenceInputStream(new ByteArrayInputStream(data), in), where);
      }
    } else {
      n = content.scan(in, where, lines);
    }
    tally.bytes.addAndGet(n);
  }

  private void finding(Rule rule, Location where, String detail) {
    ctx.sink().finding(new Finding(rule, where, "", detail));
  }

  private static String stripSuffix(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".tgz")) {
      return name.substring(0, name.length() - 4) + ".tar";
    }
    for (String s : new String[] {".gz", ".bz2", ".xz", ".zst", ".zstd"}) {
      if (lower.endsWith(s)) {
        return name.substring(0, name.length() - s.length());
      }
    }
    return name;
  }
}
