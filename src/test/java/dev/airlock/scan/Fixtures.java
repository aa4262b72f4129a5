package dev.airlock.scan;

import dev.airlock.credentials.Secret;
import dev.airlock.scan.core.BlobScanner;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.ScanLimits;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.core.SecretKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Archives, compressed streams and scan contexts built in memory for the scan tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A tar member: {@code content == null} makes a folder. */
  public record Entry(String name, byte[] content) {
    public static Entry file(String name, String content) {
      return new Entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Entry file(String name, byte[] content) {
      return new Entry(name, content);
    }

    public static Entry dir(String name) {
      return new Entry(name, null);
    }
  }

  public static byte[] tar(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry t = new TarArchiveEntry(e.name(), e.content() == null ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
        if (e.content() != null) {
          t.setSize(e.content().length);
        }
        out.putArchiveEntry(t);
        if (e.content() != null) {
          out.write(e.content());
        }
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  public static byte[] zip(Entry... entries) throws IOException {
    return zip(false, entries);
  }

  /** With {@code encryptedFlag}, every entry claims to be encrypted (its data is not). */
  public static byte[] zip(boolean encryptedFlag, Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
      for (Entry e : entries) {
        out.putArchiveEntry(new ZipArchiveEntry(e.name()));
        out.write(e.content());
        out.closeArchiveEntry();
      }
    }
    byte[] z = bytes.toByteArray();
    if (encryptedFlag) {
      for (int i = 0; i + 8 < z.length; i++) {
        if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 3 && z[i + 3] == 4) {
          z[i + 6] |= 1;
        } else if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 1 && z[i + 3] == 2) {
          z[i + 8] |= 1;
        }
      }
    }
    return z;
  }

  public static byte[] gzip(byte[] data) throws IOException {
    return compress(data, GzipCompressorOutputStream::new);
  }

  public static byte[] bzip2(byte[] data) throws IOException {
    return compress(data, BZip2CompressorOutputStream::new);
  }

  public static byte[] xz(byte[] data) throws IOException {
    return compress(data, XZCompressorOutputStream::new);
  }

  public static byte[] zstd(byte[] data) throws IOException {
    return compress(data, ZstdCompressorOutputStream::new);
  }

  private interface Wrap {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Wrap wrap) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = wrap.wrap(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static KnownSecrets secrets(String... idValue) {
    KnownSecrets.Builder k = KnownSecrets.builder();
    for (int i = 0; i < idValue.length; i += 2) {
      k.add(SecretKind.TOKEN, idValue[i], Secret.of(idValue[i + 1]));
    }
    return k.build();
  }

  public static KnownSecrets basic(String id, String user, String password) {
    return KnownSecrets.builder().add(SecretKind.BASIC_PASSWORD, id, Secret.of(password), Optional.of(user)).build();
  }

  /** A full-tier context writing into {@code result}. */
  public static ScanContext context(KnownSecrets secrets, ScanResult result, Path temp) {
    return ScanContext.create(secrets, true, true, result, ScanLimits.DEFAULT, temp);
  }

  public static BlobScanner blobs(KnownSecrets secrets, ScanResult result, Path temp) {
    return new BlobScanner(context(secrets, result, temp));
  }

  public static List<Finding> of(ScanResult r, Rule rule) {
    return r.findings().stream().filter(f -> f.rule() == rule).toList();
  }

  public static List<String> rules(ScanResult r) {
    return r.findings().stream().map(f -> f.rule().id()).distinct().sorted().toList();
  }

}
