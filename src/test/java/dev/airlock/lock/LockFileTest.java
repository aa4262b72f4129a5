package dev.airlock.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
  void writesEveryValueSoYamlReadsItBackQuotingNoMoreThanBefore() {
    Pattern plain = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*");
    Pattern number = Pattern.compile("[0-9.eE+-]+");
    List<String> keywords = List.of("true", "false", "null", "yes", "no", "on", "off", "~");
    String alphabet = "aZ09eE_./:@+- #\"'\\\n\té~!xinfNa";
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<String> seeds = List.of("yes", "~", "e:", "files/a/b:", "https://host/file:", ".inf", ".NaN", "0x1F", "1_000",
        "12:30", "0o17", "2001-12-14t21:59:43.10-05:00", "1.0.0-beta", "abc123");
    SplittableRandom r = new SplittableRandom(17);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(0, 8); n > 0; n--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String v = i < seeds.size() ? seeds.get(i) : sb.toString();
      boolean bareBefore = plain.matcher(v).matches() && !keywords.contains(v.toLowerCase(Locale.ROOT))
          && !number.matcher(v).matches();
      String written = LockFile.q(v);
      // Lock files already written stay byte-identical: what was quoted stays quoted, and what was
      // bare stays bare unless the reader misread it.
      if (!bareBefore) {
        assertTrue(written.startsWith("\""), "[" + v + "] written as " + written);
      } else if (v.equals(readBack(yaml, v))) {
        assertEquals(v, written);
      }
      assertEquals(v, readBack(yaml, written), "[" + v + "] written as " + written);
    }
  }

  /** What YAML reads for {@code k: written}, or null when it cannot read it. */
  static String readBack(Yaml yaml, String written) {
    try {
      Map<String, Object> m = yaml.load("k: " + written + "\n");
      return String.valueOf(m.get("k"));
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void rejectsGarbageAndOtherVersions() {
    assertThrows(UsageException.class, () -> LockFile.parse("version: 2\nsources: {}\n", Path.of("fetch.lock")));
    assertThrows(UsageException.class, () -> LockFile.parse("- a\n- b\n", Path.of("fetch.lock")));
    assertThrows(UsageException.class, () -> LockFile.parse("version: 1\nsources: {a: &x {kind: http}, b: *x}\n",
        Path.of("fetch.lock")));
  }
}
