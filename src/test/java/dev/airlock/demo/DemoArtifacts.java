package dev.airlock.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The files the demo registry serves. They are the same bytes on every run (fixed seed, fixed tar
 * metadata, no gzip timestamp), so the sha256 values in the demo's {@code fetch.lock} are stable.
 */
final class DemoArtifacts {
  static final String INTERNAL_LIB = "releases/internal-lib-1.4.2.tar.gz";
  static final String MODEL = "models/model-v3.bin";
  static final String DESIGN_ASSETS = "assets/design-assets.tar.gz";

  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final int MODEL_SIZE = 96 * 1024;

  private DemoArtifacts() {}

  /** Path below {@code /basic/} or {@code /bearer/} → content. */
  static Map<String, byte[]> build() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(INTERNAL_LIB, tarGz(Map.of(
        "internal-lib-1.4.2/PKG-INFO",
        "Metadata-Version: 2.1\nName: internal-lib\nVersion: 1.4.2\n",
        "internal-lib-1.4.2/internal_lib/__init__.py",
        "__version__ = \"1.4.2\"\n\ndef greet(name):\n    return f\"hello, {name}\"\n")));
    files.put(MODEL, modelBytes());
    files.put(DESIGN_ASSETS, tarGz(Map.of(
        "css/theme.css", ":root { --brand: #0b5fff; --radius: 4px; }\n",
        "img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\">"
            + "<rect width=\"16\" height=\"16\" fill=\"#0b5fff\"/></svg>\n",
        "LICENSE.txt", "Demo assets for airlock. Not for production use.\n")));
    return files;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pseudo-random weights: {@link Random}'s algorithm is fixed by its spec, so any JVM gives these bytes. */
  private static byte[] modelBytes() {
    byte[] data = new byte[MODEL_SIZE];
    new Random(0x4D4F44454CL).nextBytes(data);
    return data;
  }

  /** A gzipped tar of text files, entries in name order, with fixed owner, mode and time. */
  private static byte[] tarGz(Map<String, String> textFiles) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String name : textFiles.keySet().stream().sorted().toList()) {
        byte[] content = textFiles.get(name).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        entry.setModTime(FileTime.from(EPOCH));
        entry.setUserName("demo");
        entry.setGroupName("demo");
        entry.setIds(1000, 1000);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
