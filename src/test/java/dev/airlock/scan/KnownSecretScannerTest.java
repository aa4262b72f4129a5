package dev.airlock.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.Secret;
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
  final KnownSecretScanner scanner = new KnownSecretScanner(List.of(Secret.of(SECRET)));

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
    assertTrue(new KnownSecretScanner(List.of(Secret.of("abc"))).isEmpty());
  }
}
