package dev.airlock.scan.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The byte strings that must appear wherever a credential value was written in one of the usual
 * encodings: raw, base64 (standard and URL-safe, at each of the three alignments so the value is
 * found inside any longer base64 run, and standard base64 wrapped at 76 or 64 columns with LF or
 * CRLF, see {@link #wrapped}), percent-encoded, hex, JSON-escaped (also as Go and .NET write it, and with punctuation or
 * every character as {@code \}{@code uXXXX}), XML-escaped (also every character as a numeric
 * reference), UTF-16 (LE and BE), and the {@code user:secret} pair (for secrets too short on their
 * own). Duplicate forms are added once. Known values are searched as these exact byte strings, so
 * nothing is decoded: each form costs the automaton a few states, not a pass.
 */
public final class NeedleForms {
  /** How a kind of value is turned into needles. */
  public enum Style {
    /** A password or token: all the encodings above. */
    TEXT,
    /** A PEM private key: each base64 body line (as the file would be copied) and the DER bytes. */
    PEM_BODY
  }

  public record Form(String name, byte[] bytes) {}

  private static final int MIN_PEM_LINE = 40;

  /** The form name of base64 found across line breaks. */
  static final String WRAPPED = "base64 (wrapped)";

  private NeedleForms() {}

  public static List<Form> of(KnownSecret s) {
    Map<String, Form> out = new LinkedHashMap<>();
    String v = s.value().reveal();
    if (s.kind().style() == Style.PEM_BODY) {
      pem(v, out);
    } else {
      text(v, "", out);
      // Every form of user:secret contains the same form of the secret (base64 at any alignment),
      // so the pair is only worth its own needles when the secret alone is too short to search.
      if (s.tooShort()) {
        s.user().ifPresent(u -> text(u + ":" + v, "user:secret ", out));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static void text(String v, String prefix, Map<String, Form> out) {
    byte[] raw = v.getBytes(StandardCharsets.UTF_8);
    put(out, prefix + "raw", raw);
    for (String core : base64Cores(raw, Base64.getEncoder())) {
      put(out, prefix + "base64", ascii(core));
    }
    for (String core : base64Cores(raw, Base64.getUrlEncoder())) {
      put(out, prefix + "base64url", ascii(core));
    }
    String pct = percent(raw);
    put(out, prefix + "percent-encoded", ascii(pct));
    put(out, prefix + "percent-encoded", ascii(pct.toLowerCase(Locale.ROOT).equals(pct) ? pct : lowerHex(pct)));
    put(out, prefix + "form-encoded", ascii(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    put(out, prefix + "hex", ascii(HexFormat.of().formatHex(raw)));
    put(out, prefix + "hex", ascii(HexFormat.of().withUpperCase().formatHex(raw)));
    put(out, prefix + "json-escaped", json(v, false).getBytes(StandardCharsets.UTF_8));
    put(out, prefix + "json-escaped", json(v, true).getBytes(StandardCharsets.UTF_8));
    put(out, prefix + "xml-escaped", xml(v, false).getBytes(StandardCharsets.UTF_8));
    put(out, prefix + "xml-escaped", xml(v, true).getBytes(StandardCharsets.UTF_8));
    // round 3: encodings seen in the wild that the forms above miss
    put(out, prefix + "json-escaped", htmlSafeJson(v, false).getBytes(StandardCharsets.UTF_8));
    put(out, prefix + "json-escaped", ascii(htmlSafeJson(v, true)));
    for (boolean upper : new boolean[] {false, true}) {
      put(out, prefix + "json-escaped", unicodeEscaped(v, false, upper).getBytes(StandardCharsets.UTF_8));
      put(out, prefix + "json-escaped", ascii(unicodeEscaped(v, true, upper)));
    }
    for (String radix : new String[] {"dec", "hex", "HEX"}) {
      put(out, prefix + "xml-escaped", ascii(charRefs(v, radix)));
    }
    put(out, prefix + "utf-16", v.getBytes(StandardCharsets.UTF_16LE));
    put(out, prefix + "utf-16", v.getBytes(StandardCharsets.UTF_16BE));
    for (String core : base64Cores(raw, Base64.getEncoder())) {
      for (String wrapped : wrapped(core)) {
        put(out, prefix + WRAPPED, ascii(wrapped));
      }
    }
  }

  /** Below this many characters a core is searched with each line-break position spelled out. */
  static final int MIN_PIECES_CORE = 32;

  /**
   * Needles for {@code core} inside base64 text wrapped at 64 or 76 columns (PEM, MIME; LF or
   * CRLF), wherever the value starts on its line. Spelling out every break position (and two
   * breaks in a long core) would cost the automaton states quadratic in the length, so a core of
   * 32+ characters is cut into pieces of 16–24 characters instead, more pieces than line breaks
   * can fall into it: whatever the wrapping, one piece is intact, and 16 base64 characters of the
   * value at its own alignment (96 bits) do not occur by chance. A shorter core gets one needle
   * per break position: its first part then the break when that part is the longer one, else
   * {@code \n} then the rest (a CRLF break contains it).
   */
  static List<String> wrapped(String core) {
    List<String> out = new ArrayList<>();
    int len = core.length();
    if (len >= MIN_PIECES_CORE) {
      int n = Math.max(2, (len + 23) / 24);
      for (int k = 0; k < n; k++) {
        out.add(core.substring(k * len / n, (k + 1) * len / n));
      }
      return out;
    }
    for (int at = 1; at < len; at++) {
      if (at >= len - at) {
        out.add(core.substring(0, at) + "\n");
        out.add(core.substring(0, at) + "\r\n");
      } else {
        out.add("\n" + core.substring(at));
      }
    }
    return out;
  }

  /**
   * JSON as HTML-safe encoders write it: Go's {@code encoding/json} ({@code <>&} and U+2028/9 as
   * lower-case {@code \}{@code u00XX}, the rest as is) or, {@code dotnet}, .NET's default encoder
   * ({@code "<>&'+`} and everything outside ASCII as upper-case {@code \}{@code uXXXX}).
   */
  static String htmlSafeJson(String v, boolean dotnet) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      boolean escape = dotnet ? "\"<>&'+`".indexOf(c) >= 0 || c > 0x7e || c < 0x20
          : "<>&".indexOf(c) >= 0 || c == 0x2028 || c == 0x2029 || c < 0x20;
      if (escape) {
        sb.append(String.format(dotnet ? "\\u%04X" : "\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Every character ({@code all}) or every one but letters and digits as {@code \}{@code uXXXX}. */
  static String unicodeEscaped(String v, boolean all, boolean upper) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      if (all || !(c < 0x80 && Character.isLetterOrDigit(c))) {
        sb.append(String.format(upper ? "\\u%04X" : "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Every character as an XML numeric reference: {@code &#65;}, {@code &#x41;} ("hex") or {@code &#x41;} with upper-case digits ("HEX"). */
  static String charRefs(String v, String radix) {
    StringBuilder sb = new StringBuilder();
    v.codePoints().forEach(c -> sb.append("&#").append(switch (radix) {
      case "dec" -> Integer.toString(c);
      case "hex" -> "x" + Integer.toHexString(c);
      default -> "x" + Integer.toHexString(c).toUpperCase(Locale.ROOT);
    }).append(';'));
    return sb.toString();
  }

  private static void pem(String v, Map<String, Form> out) {
    StringBuilder body = new StringBuilder();
    for (String line : v.split("\r?\n")) {
      String t = line.strip();
      if (t.startsWith("-----") || t.contains(":") || t.isEmpty()) {
        continue;
      }
      body.append(t);
      if (t.length() >= MIN_PEM_LINE) {
        put(out, "key line " + out.size(), ascii(t));
      }
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(body.toString());
      if (der.length >= MIN_PEM_LINE) {
        put(out, "der", der);
      }
    } catch (IllegalArgumentException ignored) {
      // not base64: the lines above are all there is
    }
    if (out.isEmpty()) {
      put(out, "raw", v.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void put(Map<String, Form> out, String name, byte[] bytes) {
    String key = new String(bytes, StandardCharsets.ISO_8859_1);
    if (bytes.length > 0) {
      out.putIfAbsent(key, new Form(name, bytes));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The base64 text that must appear whenever {@code value} is base64-encoded at any offset: for
   * each of the three alignments, the characters that depend only on the value's own bytes.
   */
  public static List<String> base64Cores(byte[] value, Base64.Encoder encoder) {
    List<String> out = new ArrayList<>();
    for (int pad = 0; pad < 3; pad++) {
      byte[] shifted = new byte[pad + value.length];
      System.arraycopy(value, 0, shifted, pad, value.length);
      String full = encoder.withoutPadding().encodeToString(shifted);
      int start = pad == 0 ? 0 : (pad == 1 ? 2 : 3);
      int end = (pad + value.length) / 3 * 4;
      if (end - start >= 4) {
        out.add(full.substring(start, end));
      }
    }
    return out;
  }

  /** RFC 3986: everything but unreserved characters as %XX (upper-case hex). */
  static String percent(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    for (byte b : raw) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return sb.toString();
  }

  private static String lowerHex(String pct) {
    StringBuilder sb = new StringBuilder(pct);
    for (int i = 0; i < sb.length(); i++) {
      if (sb.charAt(i) == '%' && i + 2 < sb.length()) {
        sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
        sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
      }
    }
    return sb.toString();
  }

  /** JSON string escaping; {@code full} also escapes {@code /} and every non-ASCII character. */
  static String json(String v, boolean full) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '/' -> sb.append(full ? "\\/" : "/");
        default -> {
          if (c < 0x20 || full && c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** XML escaping with entity names, or ({@code numeric}) with {@code &#NN;} references. */
  static String xml(String v, boolean numeric) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '&' -> sb.append(numeric ? "&#38;" : "&amp;");
        case '<' -> sb.append(numeric ? "&#60;" : "&lt;");
        case '>' -> sb.append(numeric ? "&#62;" : "&gt;");
        case '"' -> sb.append(numeric ? "&#34;" : "&quot;");
        case '\'' -> sb.append(numeric ? "&#39;" : "&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
