package dev.airlock.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile archives: {@link SafeExtractor#extract} either unpacks into the destination or throws
 * {@link FetchException} and leaves nothing; no other exception, no hang, nothing written outside
 * the destination (checked on three levels of folders around it), no link pointing out, the size
 * cap held. The first input byte picks the format (0 tar.gz, 1 tar, 2 zip), the rest is the archive.
 */
class ExtractorFuzzTest {
  private static final SafeExtractor.Limits LIMITS = new SafeExtractor.Limits(1 << 20, 200, 200);
  private static final String[] NAMES = {"a.tar.gz", "a.tar", "a.zip"};
  private static final Path ROOT = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-fuzz-extract");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(20)
  void extract(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    String name = NAMES[Math.floorMod(input[0], NAMES.length)];
    // ROOT/run/up/in/a.tar.gz and ROOT/run/up/out/dest: an escape of up to three levels lands
    // somewhere this test looks.
    Path run = ROOT.resolve("run");
    AtomicFiles.deleteTree(run);
    Path archive = Files.createDirectories(run.resolve("up/in")).resolve(name);
    Files.write(archive, Arrays.copyOfRange(input, 1, input.length));
    Path out = Files.createDirectories(run.resolve("up/out"));
    Path dest = out.resolve("dest");
    List<String> before = listing(ROOT);
    boolean ok;
    try {
      new SafeExtractor(LIMITS).extract(archive, name, dest);
      ok = true;
    } catch (FetchException e) {
      ok = false;
      assertFalse(Files.exists(dest, LinkOption.NOFOLLOW_LINKS), "a failed extraction left " + dest);
    }
    List<String> after = listing(ROOT).stream().filter(p -> !p.startsWith("run/up/out/dest")).toList();
    assertEquals(before, after, "something was written outside the destination");
    if (ok) {
      checkTree(dest);
    }
  }

  private static void checkTree(Path dest) throws IOException {
    Path real = dest.toRealPath();
    long total = 0;
    try (Stream<Path> s = Files.walk(dest)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isSymbolicLink(p)) {
          Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
          assertTrue(target.startsWith(dest), "symlink points out: " + dest.relativize(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          total += Files.size(p);
        } else {
          assertTrue(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), "special file: " + dest.relativize(p));
        }
        assertTrue(p.toAbsolutePath().normalize().startsWith(dest), "outside: " + p);
      }
    }
    assertTrue(total <= LIMITS.maxTotalBytes(), "size cap exceeded: " + total);
    assertTrue(real.startsWith(ROOT.toRealPath()));
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }
}
