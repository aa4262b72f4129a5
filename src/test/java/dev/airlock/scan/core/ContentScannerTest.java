package dev.airlock.scan.core;

import static dev.airlock.scan.Fixtures.of;
import static dev.airlock.scan.Fixtures.secrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import dev.airlock.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The known-secret tier over raw bytes: every encoding, any alignment, across chunk edges. */
class ContentScannerTest {
  @TempDir Path temp;
  final String secret = Canary.next("tok") + "+/:@&\"<é";

  private ScanResult scan(KnownSecrets k, byte[] data) {
    ScanResult r = new ScanResult();
    new ContentScanner(Fixtures.context(k, r, temp)).scan(data, Location.of("f"));
    return r;
  }

  private ScanResult scan(String text) {
    return scan(secrets("tok", secret), text.getBytes(StandardCharsets.UTF_8));
  }

  private void assertFound(String text, String form) {
    List<Finding> f = of(scan(text), Rule.KNOWN_SECRET);
    assertEquals(1, f.size(), form + ": " + f);
    assertEquals("tok", f.get(0).subject());
    assertTrue(f.get(0).detail().contains(form), f.get(0).detail());
  }

  @Test
  void raw() {
    assertFound("x " + secret + " y", "raw");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "ab", "user:", "xx:"})
  void base64AtEveryAlignmentInsideALongerRun(String prefix) {
    byte[] in = (prefix + secret + "tail").getBytes(StandardCharsets.UTF_8);
    assertFound("h=" + Base64.getEncoder().encodeToString(in) + ";", "base64");
    assertFound("h=" + Base64.getUrlEncoder().withoutPadding().encodeToString(in) + ";", "base64");
  }

  @Test
  void round3_goStyleJsonEscapesInATokenAndInAUserPassUrl() {
    // Go's encoding/json writes <, > and & as \u003c, \u003e, \u0026; .NET's encoder as \u003C, in upper case.
    String go = secret.replace("\"", "\\\"").replace("&", "\\u0026").replace("<", "\\u003c");
    assertFound("{\"url\":\"https://deploy:" + go + "@h.example/\"}", "json-escaped");
    String net = secret.replace("\"", "\\u0022").replace("&", "\\u0026").replace("<", "\\u003C")
        .replace("+", "\\u002B").replace("\u00e9", "\\u00E9");
    assertFound("{\"token\":\"" + net + "\"}", "json-escaped");
  }

  @Test
  void round3_unicodeEscapedPunctuationOrEveryCharacter() {
    String underscored = "ghx_" + Canary.next("u").replace("-", "_");
    KnownSecrets k = secrets("tok", underscored);
    for (String text : new String[] {underscored.replace("_", "\\u005f"), underscored.replace("_", "\\u005F"),
        underscored.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat)}) {
      List<Finding> f = of(scan(k, ("{\"t\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)), Rule.KNOWN_SECRET);
      assertEquals(1, f.size(), text);
      assertTrue(f.get(0).detail().contains("json-escaped"), f.get(0).detail());
    }
  }

  @Test
  void round3_utf16Text() {
    assertFoundBytes(("token = " + secret + "\r\n").getBytes(StandardCharsets.UTF_16LE), "utf-16");
    assertFoundBytes(("token = " + secret + "\r\n").getBytes(StandardCharsets.UTF_16BE), "utf-16");
  }

  @Test
  void round3_numericXmlCharacterReferencesForEveryCharacter() {
    StringBuilder dec = new StringBuilder();
    StringBuilder hex = new StringBuilder();
    StringBuilder upper = new StringBuilder();
    secret.codePoints().forEach(c -> {
      dec.append("&#").append(c).append(';');
      hex.append("&#x").append(Integer.toHexString(c)).append(';');
      upper.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
    });
    for (CharSequence t : List.of(dec, hex, upper)) {
      assertFound("<password>" + t + "</password>", "xml-escaped");
    }
  }

  @Test
  void round3_base64WrappedAt76Or64ColumnsWithEitherLineEnding() {
    for (int pad = 0; pad < 90; pad++) { // moves the line break across every position of the secret's base64
      byte[] in = ("x".repeat(pad) + secret + "tail").getBytes(StandardCharsets.UTF_8);
      String mime = Base64.getMimeEncoder().encodeToString(in); // 76 columns, CRLF
      assertFound("-----\r\n" + mime + "\r\n", "base64");
      assertFound(mime.replace("\r\n", "\n"), "base64");
      assertFound(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(in), "base64");
    }
  }

  private void assertFoundBytes(byte[] data, String form) {
    List<Finding> f = of(scan(secrets("tok", secret), data), Rule.KNOWN_SECRET);
    assertEquals(1, f.size(), form + ": " + f);
    assertTrue(f.get(0).detail().contains(form), f.get(0).detail());
  }

  @Test
  void percentHexJsonXml() {
    String pct = dev.airlock.scan.core.NeedleForms.percent(secret.getBytes(StandardCharsets.UTF_8));
    assertFound("u=" + pct, "percent-encoded");
    assertFound("u=" + java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(pct)
        .replaceAll(m -> m.group().toLowerCase()), "percent-encoded");
    assertFound("u=" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8), "-encoded");
    assertFound("h " + HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)), "hex");
    assertFound("h " + HexFormat.of().withUpperCase().formatHex(secret.getBytes(StandardCharsets.UTF_8)), "hex");
    assertFound("{\"t\":\"" + NeedleForms.json(secret, false) + "\"}", "json-escaped");
    assertFound("{\"t\":\"" + NeedleForms.json(secret, true) + "\"}", "json-escaped");
    assertFound("<t>" + NeedleForms.xml(secret, false) + "</t>", "xml-escaped");
    assertFound("<t a='" + NeedleForms.xml(secret, true) + "'/>", "xml-escaped");
  }

  @Test
  void acrossChunkEdgesWithTheRightLineAndOffset() {
    for (int at : new int[] {(1 << 18) - 5, (1 << 18) * 2 - 20, 3}) {
      byte[] data = new byte[(1 << 18) * 3];
      java.util.Arrays.fill(data, (byte) 'x');
      int lines = 0;
      for (int i = 100; i < at; i += 1000) {
        data[i] = '\n';
        lines++;
      }
      byte[] s = secret.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(s, 0, data, at, s.length);
      List<Finding> f = of(scan(secrets("tok", secret), data), Rule.KNOWN_SECRET);
      assertEquals(1, f.size(), "at " + at);
      assertEquals(at, f.get(0).location().offset());
      assertEquals(lines + 1, f.get(0).location().line());
    }
  }

  @Test
  void patternsAcrossChunkEdges() {
    byte[] data = new byte[(1 << 18) * 2];
    java.util.Arrays.fill(data, (byte) ' ');
    byte[] tok = ("ghp_" + PatternsTest.alnum(36)).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tok, 0, data, (1 << 18) - 2, tok.length);
    assertEquals(1, of(scan(KnownSecrets.none(), data), Rule.GITHUB_TOKEN).size());
  }

  @Test
  void oneFindingPerSecretAndStreamListingEveryForm() {
    String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    List<Finding> f = of(scan(secret + "\n" + secret + "\n" + b64), Rule.KNOWN_SECRET);
    assertEquals(1, f.size());
    assertEquals(1, f.get(0).location().line());
    assertTrue(f.get(0).detail().contains("raw") && f.get(0).detail().contains("base64"), f.get(0).detail());
  }

  @Test
  void shortSecretsAreNotSearchedButTheirUserPairIs() {
    KnownSecrets k = Fixtures.basic("b", "deploy", "pw1");
    assertTrue(k.all().get(0).tooShort());
    ScanResult r = scan(k, "pw1 is everywhere: pw1 pw1".getBytes(StandardCharsets.UTF_8));
    assertTrue(r.clean(), r.findings().toString());
    String header = Base64.getEncoder().encodeToString("deploy:pw1".getBytes(StandardCharsets.UTF_8));
    assertEquals(1, of(scan(k, ("Authorization: Basic " + header).getBytes(StandardCharsets.UTF_8)),
        Rule.KNOWN_SECRET).size());
  }

  @Test
  void nothingFoundInUnrelatedData() {
    assertTrue(scan("nothing to see " + Canary.next("other")).clean());
  }
}
