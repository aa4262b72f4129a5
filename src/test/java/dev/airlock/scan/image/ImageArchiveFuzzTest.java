package dev.airlock.scan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.error.AirlockException;
import dev.airlock.scan.Fixtures;
import dev.airlock.scan.core.BlobScanner;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.ScanLimits;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile image archives (docker save, OCI layout tarballs, legacy layouts, nested archives, JSON
 * of any shape) through {@link ImageScanner}: it reports, or throws the IOException that
 * {@code airlock scan} turns into an "unreadable" coverage finding, or one of our own errors;
 * nothing else, no hang, and nothing left in or beside its temp folder.
 */
class ImageArchiveFuzzTest {
  private static final KnownSecrets KNOWN = Fixtures.secrets("netrc:pypi.corp.example", "CANARY-seed-netrc-pw");
  private static final ScanLimits LIMITS = new ScanLimits(4, 8L << 20, 1 << 20);
  private static final Path ROOT = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-fuzz-image");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(20)
  void imageArchive(byte[] input) throws IOException {
    Path run = ROOT.resolve("run");
    AtomicFiles.deleteTree(run);
    Path image = Files.write(Files.createDirectories(run).resolve("image.tar"), input);
    Path temp = Files.createDirectories(run.resolve("temp"));
    ScanResult result = new ScanResult();
    ScanContext ctx = ScanContext.create(KNOWN, true, true, result, LIMITS, temp);
    try {
      new ImageScanner(new BlobScanner(ctx)).scan(image, "image.tar");
    } catch (IOException | AirlockException unreadable) {
      // reported by the caller as an unreadable archive
    }
    try (Stream<Path> s = Files.list(run)) {
      assertEquals(List.of("image.tar", "temp"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "written beside the temp folder");
    }
  }
}
