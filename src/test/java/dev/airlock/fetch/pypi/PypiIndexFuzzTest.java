package dev.airlock.fetch.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.common.Origin;
import dev.airlock.error.AirlockException;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.Pep440Version;
import dev.airlock.manifest.PypiSource;
import dev.airlock.testing.OfflineRegistry;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.TreeHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile simple index (PEP 691 JSON or PEP 503 HTML) and hostile files, through the real
 * {@link PypiFetcher}: it either vendors files whose sha256 the page gave, under {@code pypi/} in
 * staging, or throws our own {@link AirlockException}; no other exception, no hang, nothing written
 * outside staging, temp and cache, and the index's token never goes to another origin.
 * Input: a byte choosing the page's content type, the page, a NUL, the bytes every file link serves.
 */
class PypiIndexFuzzTest {
  private static final String[] TYPES = {SimpleIndexParser.JSON, SimpleIndexParser.HTML, "text/html; charset=utf-8",
      "application/json"};
  private static final HttpUrl INDEX = HttpUrl.get("https://pypi.example/simple/");
  private static final PypiSource SOURCE = new PypiSource("pkg", CredentialRef.named("tok"), Optional.empty(),
      INDEX.toString(), "Pkg_Name", Pep440Version.parse("1.0").orElseThrow(), List.of());
  private static final Path ROOT = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-fuzz-pypi");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void pypiIndex(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    String type = TYPES[Math.floorMod(input[0], TYPES.length)];
    byte[][] parts = OfflineRegistry.split(input);
    HttpUrl page = PypiFetcher.projectPage(INDEX, PypiSource.normalize(((PypiSource.Pin) SOURCE.input()).project()));
    OfflineRegistry registry = new OfflineRegistry(r -> r.url().equals(page)
        ? OfflineRegistry.Answer.ok(type, parts[0])
        : OfflineRegistry.Answer.ok("application/octet-stream", parts[1]), Origin.of(INDEX));
    Path run = ROOT.resolve("run");
    AtomicFiles.deleteTree(run);
    Path staging = Files.createDirectories(run.resolve("staging"));
    try {
      FetchedSource f = new PypiFetcher().fetch(SOURCE, Optional.empty(), staging, registry.context(run));
      assertTrue(!f.files().isEmpty(), "success without a file");
      String want = TreeHasher.sha256(write(parts[1]));
      for (var e : f.files().entrySet()) {
        assertTrue(e.getKey().startsWith("pypi/") && e.getKey().indexOf('/', 5) < 0, "placed at " + e.getKey());
        assertEquals(want, e.getValue(), "a file with another hash was placed");
        assertEquals(want, TreeHasher.sha256(staging.resolve(e.getKey())));
      }
    } catch (AirlockException expected) {
      // refused: fine
    }
    assertEquals(List.of(), registry.leaks(), "the index token went to another origin");
    try (Stream<Path> s = Files.list(run)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertTrue(List.of("cache", "staging", "tmp").containsAll(names), "written outside staging, temp and cache: " + names);
    }
  }

  private static Path write(byte[] bytes) throws IOException {
    return Files.write(ROOT.resolve("expected"), bytes);
  }
}
