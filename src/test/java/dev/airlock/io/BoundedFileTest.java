package dev.airlock.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20 item 9: the one bounded reader refuses what is not a small regular file, by type before opening. */
class BoundedFileTest {
  @TempDir Path dir;

  static UsageException refused(Path file, int max) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(UsageException.class, () -> BoundedFile.read(file, max, "the label " + file)));
  }

  @Test
  void readsASmallRegularFileAndOneThroughALink() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "abc");
    assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), BoundedFile.read(f, 3, "f"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), f);
    assertEquals("abc", BoundedFile.readUtf8(link, 3, "link", "not UTF-8"));
  }

  @Test
  void refusesDevicesFifosAndFoldersBeforeOpeningThem() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    for (Path p : new Path[] {Path.of("/dev/zero"), fifo, dir, Files.createSymbolicLink(dir.resolve("l"), fifo),
        Files.createSymbolicLink(dir.resolve("z"), Path.of("/dev/zero"))}) {
      UsageException e = refused(p, 1024);
      assertTrue(e.getMessage().startsWith("the label " + p + ": not a regular file"), e.getMessage());
    }
  }

  @Test
  void refusesAFileOverTheCapWithoutReadingItWhole() throws Exception {
    Path big = dir.resolve("big");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(8L * 1024 * 1024 * 1024); // sparse
    }
    assertEquals("the label " + big + ": larger than 65536 bytes", refused(big, BoundedFile.SECRET_BYTES).getMessage());
    UsageException e = assertThrows(UsageException.class, () -> BoundedFile.regular(big, 100, "kh"));
    assertEquals("kh: larger than 100 bytes", e.getMessage());
    Files.writeString(dir.resolve("exact"), "x".repeat(10));
    assertEquals(10, BoundedFile.read(dir.resolve("exact"), 10, "exact").length);
    assertTrue(refused(dir.resolve("exact"), 9).getMessage().endsWith("larger than 9 bytes"));
  }

  @Test
  void aMissingFileOrBadUtf8IsAUsageErrorNamingTheFile() throws Exception {
    assertEquals("the label " + dir.resolve("none") + ": not found", refused(dir.resolve("none"), 10).getMessage());
    Path bad = Files.write(dir.resolve("bad"), new byte[] {(byte) 0xff, 'a'});
    UsageException e = assertThrows(UsageException.class, () -> BoundedFile.readUtf8(bad, 10, "bad", "not UTF-8 text"));
    assertEquals("bad: not UTF-8 text", e.getMessage());
  }
}
