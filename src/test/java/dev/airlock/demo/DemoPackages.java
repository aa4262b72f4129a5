package dev.airlock.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * What the demo registry serves as package registries: a PEP 691 simple index with one wheel and
 * a Maven repository with checksum files under {@code /basic/} (netrc), an npm packument and
 * tarball under {@code /bearer/} (token). Same bytes every run. Keys are paths below the realm.
 */
final class DemoPackages {
  static final String WHEEL = "corp_utils-0.3.1-py3-none-any.whl";
  static final String MAVEN_DIR = "maven/com/corp/commons/2.3.0/";
  static final String PACKUMENT = "npm/@corp%2fui-kit";
  static final String TARBALL = "npm/@corp/ui-kit/-/ui-kit-3.2.1.tgz";
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  /** Path below the realm → content, and path → content type. */
  record Served(Map<String, byte[]> files, Map<String, String> types) {}

  private DemoPackages() {}

  /** {@code base}: {@code https://HOST:PORT}, for the packument's absolute tarball URL. */
  static Served build(String base) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    byte[] wheel = zip(Map.of(
        "corp_utils/__init__.py", "__version__ = \"0.3.1\"\n",
        "corp_utils-0.3.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: corp-utils\nVersion: 0.3.1\n",
        "corp_utils-0.3.1.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"));
    files.put("packages/" + WHEEL, wheel);
    files.put("simple/corp-utils/", text("""
        {"meta": {"api-version": "1.1"}, "name": "corp-utils", "files": [
          {"filename": "%s", "url": "../../packages/%s", "hashes": {"sha256": "%s"}}]}
        """.formatted(WHEEL, WHEEL, hex("SHA-256", wheel))));
    types.put("simple/corp-utils/", "application/vnd.pypi.simple.v1+json");

    byte[] jar = zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
        "com/corp/commons/README.txt", "commons 2.3.0 (demo)\n"));
    byte[] pom = text("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>com.corp</groupId><artifactId>commons</artifactId><version>2.3.0</version></project>\n");
    for (var e : Map.of("commons-2.3.0.jar", jar, "commons-2.3.0.pom", pom).entrySet()) {
      files.put(MAVEN_DIR + e.getKey(), e.getValue());
      files.put(MAVEN_DIR + e.getKey() + ".sha512", text(hex("SHA-512", e.getValue())));
      files.put(MAVEN_DIR + e.getKey() + ".sha1", text(hex("SHA-1", e.getValue())));
    }

    byte[] tgz = npmTarball();
    files.put(TARBALL, tgz);
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tgz));
    files.put(PACKUMENT, text("""
        {"name": "@corp/ui-kit", "dist-tags": {"latest": "3.2.1"}, "versions": {"3.2.1": {
          "name": "@corp/ui-kit", "version": "3.2.1",
          "dist": {"tarball": "%s/bearer/%s", "integrity": "%s", "shasum": "%s"}}}}
        """.formatted(base, TARBALL, integrity, hex("SHA-1", tgz))));
    types.put(PACKUMENT, "application/vnd.npm.install-v1+json");
    return new Served(files, types);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(String algorithm, byte[] data) {
    return HexFormat.of().formatHex(digest(algorithm, data));
  }

  /** A zip with entries in name order and a fixed time. */
  private static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : entries.keySet().stream().sorted().toList()) {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(FileTime.from(EPOCH));
        zip.putNextEntry(e);
        zip.write(text(entries.get(name)));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** What {@code npm pack} would make: {@code package/…} entries in a gzipped tar. */
  private static byte[] npmTarball() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip))) {
      Map<String, String> entries = Map.of(
          "package/package.json", "{\"name\":\"@corp/ui-kit\",\"version\":\"3.2.1\",\"main\":\"index.js\"}\n",
          "package/index.js", "module.exports = { button: () => 'ui-kit 3.2.1' };\n");
      for (String name : entries.keySet().stream().sorted().toList()) {
        byte[] content = text(entries.get(name));
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0644);
        e.setModTime(FileTime.from(EPOCH));
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
