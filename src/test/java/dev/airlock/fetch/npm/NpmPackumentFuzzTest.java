package dev.airlock.fetch.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.common.Origin;
import dev.airlock.error.AirlockException;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.NpmSource;
import dev.airlock.testing.OfflineRegistry;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile packument and tarball through the real {@link NpmFetcher}: it either vendors exactly
 * the tarball bytes as {@code npm/corp-ui-kit-3.2.1.tgz} after checking them against the
 * packument's integrity, or throws our own {@link AirlockException}; no other exception, no hang,
 * nothing outside staging, temp and cache, the registry token never sent to another origin.
 * Input: a byte choosing the packument's content type, the packument, a NUL, the tarball bytes.
 */
class NpmPackumentFuzzTest {
  private static final String[] TYPES = {"application/vnd.npm.install-v1+json", "application/json",
      "text/html", "application/octet-stream"};
  private static final HttpUrl REGISTRY = HttpUrl.get("https://registry.example/npm/");
  private static final NpmSource SOURCE = new NpmSource("ui", CredentialRef.named("tok"), Optional.empty(),
      REGISTRY.toString(), "@corp/ui-kit", "3.2.1");
  private static final Path ROOT = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-fuzz-npm");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void packument(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    String type = TYPES[Math.floorMod(input[0], TYPES.length)];
    byte[][] parts = OfflineRegistry.split(input);
    HttpUrl packument = NpmFetcher.packumentUrl(REGISTRY, SOURCE.packageName());
    OfflineRegistry registry = new OfflineRegistry(r -> r.url().equals(packument)
        ? OfflineRegistry.Answer.ok(type, parts[0])
        : OfflineRegistry.Answer.ok("application/octet-stream", parts[1]), Origin.of(REGISTRY));
    Path run = ROOT.resolve("run");
    AtomicFiles.deleteTree(run);
    Path staging = Files.createDirectories(run.resolve("staging"));
    try {
      FetchedSource f = new NpmFetcher().fetch(SOURCE, Optional.empty(), staging, registry.context(run));
      assertEquals(List.of("npm/corp-ui-kit-3.2.1.tgz"), List.copyOf(f.files().keySet()));
      assertTrue(Arrays.equals(parts[1], Files.readAllBytes(staging.resolve("npm/corp-ui-kit-3.2.1.tgz"))),
          "vendored bytes differ from what the registry served");
    } catch (AirlockException expected) {
      // refused: fine
    }
    assertEquals(List.of(), registry.leaks(), "the registry token went to another origin");
    try (Stream<Path> s = Files.list(run)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertTrue(List.of("cache", "staging", "tmp").containsAll(names), "written outside staging, temp and cache: " + names);
    }
  }
}
