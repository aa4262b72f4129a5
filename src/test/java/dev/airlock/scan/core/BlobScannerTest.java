package dev.airlock.scan.core;

import static dev.airlock.scan.Fixtures.Entry.file;
import static dev.airlock.scan.Fixtures.gzip;
import static dev.airlock.scan.Fixtures.of;
import static dev.airlock.scan.Fixtures.tar;
import static dev.airlock.scan.Fixtures.utf8;
import static dev.airlock.scan.Fixtures.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import dev.airlock.testing.Canary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressed streams and archives are opened (by content, not name), nested, with limits reported. */
class BlobScannerTest {
  @TempDir Path temp;
  final String secret = Canary.next("tok");

  private ScanResult scanFile(byte[] data, String name) throws IOException {
    return scanFile(data, name, ScanLimits.DEFAULT);
  }

  private ScanResult scanFile(byte[] data, String name, ScanLimits limits) throws IOException {
    ScanResult r = new ScanResult();
    Path f = temp.resolve(name.replace('/', '_'));
    Files.write(f, data);
    ScanContext ctx = ScanContext.create(Fixtures.secrets("tok", secret), true, true, r, limits, temp);
    new BlobScanner(ctx).scanFile(f, name, Location.of(name), new Tally());
    return r;
  }

  private static String where(ScanResult r, Rule rule) {
    List<Finding> f = of(r, rule);
    assertEquals(1, f.size(), r.findings().toString());
    return f.get(0).location().display();
  }

  @Test
  void everyCompressionAndArchiveFormatNested() throws IOException {
    byte[] inner = utf8("line1\nthe token: " + secret + "\n");
    assertEquals("a.gz:2", where(scanFile(gzip(inner), "a.gz"), Rule.KNOWN_SECRET));
    assertEquals("a.bz2:2", where(scanFile(Fixtures.bzip2(inner), "a.bz2"), Rule.KNOWN_SECRET));
    assertEquals("a.xz:2", where(scanFile(Fixtures.xz(inner), "a.xz"), Rule.KNOWN_SECRET));
    assertEquals("a.zst:2", where(scanFile(Fixtures.zstd(inner), "a.zst"), Rule.KNOWN_SECRET));
    byte[] wheel = zip(file("pkg/__init__.py", "x = 1\n"), file("pkg/conf.txt", inner));
    byte[] layered = gzip(tar(file("app/lib.whl", wheel), file("app/readme", "hi")));
    assertEquals("renamed.bin!/app/lib.whl!/pkg/conf.txt:2",
        where(scanFile(layered, "renamed.bin"), Rule.KNOWN_SECRET));
    byte[] jarInJar = zip(file("lib/inner.jar", zip(file("META-INF/x.properties", inner))));
    assertEquals("outer.jar!/lib/inner.jar!/META-INF/x.properties:2",
        where(scanFile(jarInJar, "outer.jar"), Rule.KNOWN_SECRET));
  }

  @Test
  void credentialFilesInsideArchivesAreCheckedByTheirPath() throws IOException {
    byte[] t = Fixtures.zstd(tar(file("root/.netrc", "machine h login u password hunter2-x\n")));
    assertEquals("l.tar.zst!/root/.netrc:1", where(scanFile(t, "l.tar.zst"), Rule.NETRC_FILE));
  }

  @Test
  void base64OfAnArchiveMemberIsFound() throws IOException {
    byte[] t = tar(file("x/env", "TOKEN_B64=" + Base64.getEncoder().encodeToString(utf8(secret))));
    assertTrue(of(scanFile(t, "x.tar"), Rule.KNOWN_SECRET).get(0).detail().contains("base64"));
  }

  @Test
  void encryptedZipEntriesAreFindingsNotSilentSkips() throws IOException {
    ScanResult r = scanFile(zip(true, file("secret.txt", "whatever")), "e.zip");
    assertEquals("e.zip!/secret.txt", where(r, Rule.COVERAGE_ENCRYPTED));
  }

  @Test
  void depthAndSizeLimitsAreFindings() throws IOException {
    byte[] nested = utf8(secret);
    for (int i = 0; i < 4; i++) {
      nested = gzip(nested);
    }
    ScanResult deep = scanFile(nested, "deep.gz", new ScanLimits(2, 1 << 20, 1 << 20));
    assertTrue(where(deep, Rule.COVERAGE_PARTIAL).startsWith("deep.gz"));
    byte[] bomb = gzip(new byte[4 << 20]);
    ScanResult big = scanFile(bomb, "bomb.gz", new ScanLimits(8, 1 << 20, 1 << 20));
    assertTrue(of(big, Rule.COVERAGE_PARTIAL).get(0).detail().contains("decompressed"), big.findings().toString());
  }

  @Test
  void corruptNestedStreamIsPartialButAFakeMagicNumberOnDiskIsRescannedRaw() throws IOException {
    byte[] good = gzip(utf8("x".repeat(10000) + secret));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    ScanResult r = scanFile(tar(file("t.gz", truncated)), "c.tar");
    assertEquals("c.tar!/t.gz", where(r, Rule.COVERAGE_PARTIAL));
    byte[] fake = new byte[64];
    fake[0] = 0x1f;
    fake[1] = (byte) 0x8b;
    fake[2] = 8;
    fake[3] = (byte) 0xff;
    byte[] data = java.util.Arrays.copyOf(fake, 64 + secret.length());
    System.arraycopy(utf8(secret), 0, data, 64, secret.length());
    ScanResult raw = scanFile(data, "random.bin");
    assertEquals(List.of(Rule.KNOWN_SECRET), raw.findings().stream().map(Finding::rule).toList());
  }

  @Test
  void unsupportedFormatsAreFindingsAndStillScannedRaw() throws IOException {
    byte[] sevenZ = new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c, 0, 4};
    byte[] data = java.util.Arrays.copyOf(sevenZ, 8 + secret.length());
    System.arraycopy(utf8(secret), 0, data, 8, secret.length());
    ScanResult r = scanFile(data, "x.7z");
    assertEquals(1, of(r, Rule.COVERAGE_UNSUPPORTED).size());
    assertEquals(1, of(r, Rule.KNOWN_SECRET).size());
  }

  @Test
  void streamsWithoutAFileCountLines() throws IOException {
    ScanResult r = new ScanResult();
    new BlobScanner(Fixtures.context(Fixtures.secrets("tok", secret), r, temp))
        .scanStream(new ByteArrayInputStream(utf8("a\nb\n" + secret)), "m", Location.of("m"), 1, new Tally(), null);
    assertEquals("m:3", where(r, Rule.KNOWN_SECRET));
  }
}
