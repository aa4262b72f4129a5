package dev.airlock.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockFileTest {
  static Lock sample() {
    return Lock.of(List.of(
        LockEntry.of("zeta", "http", "sha256:" + "1".repeat(64),
            Map.of("url", "https://h.example/z.bin", "sha256", "a".repeat(64)),
            Map.of("files/zeta/z.bin", "a".repeat(64))),
        LockEntry.of("alpha", "http", "sha256:" + "2".repeat(64),
            Map.of("url", "https://h.example/a b.tar.gz", "sha256", "b".repeat(64), "finalUrl", "https://cdn.example/x?…"),
            Map.of("files/alpha/z", "c".repeat(64), "files/alpha/a", "d".repeat(64), "files/alpha/yes", "link:../a"))));
  }

  static String golden(String name) throws IOException {
    try (InputStream in = LockFileTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rendersTheGoldenFileSortedAndQuoted() throws IOException {
    assertEquals(golden("fetch.lock"), LockFile.render(sample()));
  }

  @Test
  void roundTrips() {
    String text = LockFile.render(sample());
    Lock back = LockFile.parse(text, Path.of("fetch.lock"));
    assertEquals(sample(), back);
    assertEquals(text, LockFile.render(back));
  }

  @Test
  void emptyLock() {
    assertEquals(Lock.empty(), LockFile.parse(LockFile.render(Lock.empty()), Path.of("fetch.lock")));
  }

  @Test
  void quotesWhatYamlWouldMisread() {
    assertEquals("\"yes\"", LockFile.q("yes"));
    assertEquals("\"1.0\"", LockFile.q("1.0"));
    assertEquals("\"a: b\"", LockFile.q("a: b"));
    assertEquals("\"#x\"", LockFile.q("#x"));
    assertEquals("\"tab\\there\"", LockFile.q("tab\there"));
    assertEquals("files/a/b.bin", LockFile.q("files/a/b.bin"));
  }

  @Test
  void rejectsGarbageAndOtherVersions() {
    assertThrows(UsageException.class, () -> LockFile.parse("version: 2\nsources: {}\n", Path.of("fetch.lock")));
    assertThrows(UsageException.class, () -> LockFile.parse("- a\n- b\n", Path.of("fetch.lock")));
    assertThrows(UsageException.class, () -> LockFile.parse("version: 1\nsources: {a: &x {kind: http}, b: *x}\n",
        Path.of("fetch.lock")));
  }
}
