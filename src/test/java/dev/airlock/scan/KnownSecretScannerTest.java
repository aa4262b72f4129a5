package dev.airlock.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.Secret;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.SecretKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownSecretScannerTest {
  static final String SECRET = "s3cr3t-Value-42";

  private static KnownSecretScanner scannerFor(String value) {
    return new KnownSecretScanner(KnownSecrets.builder().add(SecretKind.TOKEN, "tok", Secret.of(value)).build());
  }
  final KnownSecretScanner scanner = scannerFor(SECRET);

  boolean found(String text) throws IOException {
    return scanner.containsSecret(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void findsRawAndUrlEncoded() throws IOException {
    assertTrue(found("x" + SECRET + "y"));
    assertTrue(found("a=" + URLEncoder.encode("p@ss word/" + SECRET, StandardCharsets.UTF_8)));
    assertFalse(found("nothing to see"));
  }

  @Test
  void findsBase64AtEveryAlignmentInsideLongerRuns() throws IOException {
    for (String prefix : new String[] {"", "u", "us", "use", "user:"}) {
      byte[] bytes = (prefix + SECRET + "!tail").getBytes(StandardCharsets.UTF_8);
      assertTrue(found("Basic " + Base64.getEncoder().encodeToString(bytes)), "prefix '" + prefix + "'");
      assertTrue(found(Base64.getUrlEncoder().encodeToString(bytes)), "url-safe, prefix '" + prefix + "'");
    }
  }

  @Test
  void findsAcrossBufferBoundaries(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("big");
    byte[] filler = new byte[(1 << 16) - 5];
    java.util.Arrays.fill(filler, (byte) 'x');
    Files.write(f, filler);
    Files.writeString(f, SECRET, java.nio.file.StandardOpenOption.APPEND);
    assertTrue(scanner.containsSecret(f));
    assertEquals(List.of("big"), scanner.scanTree(dir, dir));
  }

  @Test
  void round3_theFetchTimeScanFindsTheSameEncodingsAsAirlockScan() throws IOException {
    byte[] bytes = ("prefix-" + SECRET).getBytes(StandardCharsets.UTF_8);
    // 40 bytes ahead put the secret's base64 across the first line break (column 76)
    assertTrue(found(Base64.getMimeEncoder().encodeToString(("x".repeat(40) + SECRET).getBytes(StandardCharsets.UTF_8))));
    assertTrue(scanner.containsSecret(new ByteArrayInputStream(("k=" + SECRET).getBytes(StandardCharsets.UTF_16LE))));
    assertTrue(found(SECRET.replace("-", "\\u002d")));
    assertTrue(found(SECRET.chars().mapToObj(c -> "&#" + c + ";").reduce("", String::concat)));
    assertTrue(found(Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "\n")));
  }

  @Test
  void shortSecretsAreNotSearched() {
    assertTrue(scannerFor("abc").isEmpty());
  }

  /** Gives at most {@code step} bytes per read, as a slow network does. */
  static final class Trickle extends java.io.FilterInputStream {
    private final int step;

    Trickle(byte[] data, int step) {
      super(new ByteArrayInputStream(data));
      this.step = step;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, step));
    }
  }

  @Test
  void whileArriving_aSecretSplitBetweenTwoReadsAndTwoScanChunksIsFound(@TempDir Path dir) throws IOException {
    int edge = 1 << 18; // the content scanner's chunk
    byte[] data = new byte[edge + 100];
    java.util.Arrays.fill(data, (byte) 'x');
    byte[] s = SECRET.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(s, 0, data, edge - 7, s.length);
    Path file = dir.resolve("f.bin");
    Files.write(file, data);
    // reads of 4099 bytes: the needle is split between two reads as well as across the chunk edge
    var hits = scanner.scanArriving(new Trickle(data, 4099), file, "f.bin", dir);
    assertEquals(List.of("f.bin"), hits.stream().map(l -> l.path()).toList());
    assertEquals(List.of(), scanner.scanArriving(new Trickle(new byte[edge + 100], 4099), file, "f.bin", dir));
  }

  @Test
  void whileArriving_membersOfACompressedArchiveAreScannedAndTheStreamIsReadToItsEnd(@TempDir Path dir)
      throws IOException {
    byte[] tgz = Fixtures.gzip(Fixtures.tar(Fixtures.Entry.file("pkg/a.txt", "k=" + SECRET)));
    Path file = dir.resolve("p.tgz");
    Files.write(file, tgz);
    ByteArrayInputStream in = new ByteArrayInputStream(tgz);
    var hits = scanner.scanArriving(in, file, "p.tgz", dir);
    assertEquals(List.of("p.tgz!/pkg/a.txt"), hits.stream().map(l -> l.path()).toList());
    assertEquals(0, in.available(), "the caller's pass must see every byte (it writes and hashes them)");
  }

  @Test
  void whileArriving_aStreamThatOnlyLooksLikeGzipIsScannedAsRawBytes(@TempDir Path dir) throws IOException {
    byte[] data = ("\u001f\u008b not really gzip " + SECRET).getBytes(StandardCharsets.ISO_8859_1);
    data[0] = 0x1f;
    data[1] = (byte) 0x8b;
    Path file = dir.resolve("fake.gz");
    Files.write(file, data);
    var hits = scanner.scanArriving(new ByteArrayInputStream(data), file, "fake.gz", dir);
    assertEquals(List.of("fake.gz"), hits.stream().map(l -> l.path()).toList());
  }

  /** Bytes already in memory (a git blob) are scanned as they are, without a buffer of their own. */
  @Test
  void whileArriving_bytesInMemoryAreScannedAsPlainTextTarAndZip(@TempDir Path dir) throws IOException {
    byte[] text = ("head\n" + "x".repeat(70_000) + SECRET + "\ntail").getBytes(StandardCharsets.UTF_8);
    byte[] tar = Fixtures.tar(Fixtures.Entry.file("t/a.txt", "clean"), Fixtures.Entry.file("t/b.txt", "k=" + SECRET));
    byte[] zip = Fixtures.zip(Fixtures.Entry.file("z/c.txt", SECRET));
    List<String> found = new java.util.ArrayList<>();
    for (var e : java.util.Map.of("big.txt", text, "t.tar", tar, "z.zip", zip).entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.write(file, e.getValue());
      ByteArrayInputStream in = new ByteArrayInputStream(e.getValue());
      scanner.scanArriving(in, file, e.getKey(), dir).forEach(l -> found.add(l.path()));
      assertEquals(0, in.available(), e.getKey() + " must be read to its end");
    }
    assertEquals(List.of("big.txt", "t.tar!/t/b.txt", "z.zip!/z/c.txt"), found.stream().sorted().toList());
    byte[] clean = "nothing here".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(), scanner.scanArriving(new ByteArrayInputStream(clean), dir.resolve("big.txt"), "c.txt", dir));
  }
}
