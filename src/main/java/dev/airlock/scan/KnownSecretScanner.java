package dev.airlock.scan;

import dev.airlock.credentials.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Searches files for the exact credential values of this run: raw, URL-encoded and base64 (all three
 * alignments, so a value inside a longer base64 run is found). Reports paths, never values.
 */
public final class KnownSecretScanner {
  static final int MIN_LENGTH = 6;
  private final List<byte[]> needles = new ArrayList<>();
  private final int maxNeedle;
  /** Bit per two-byte prefix of any needle: most positions are rejected with one lookup. */
  private final long[] prefixes = new long[1024];

  public KnownSecretScanner(List<Secret> secrets) {
    Map<String, byte[]> forms = new LinkedHashMap<>();
    for (Secret s : secrets) {
      String v = s.reveal();
      if (v.length() < MIN_LENGTH) {
        continue;
      }
      forms.put(v, v.getBytes(StandardCharsets.UTF_8));
      String enc = URLEncoder.encode(v, StandardCharsets.UTF_8);
      forms.put(enc, enc.getBytes(StandardCharsets.UTF_8));
      for (String b64 : base64Cores(v.getBytes(StandardCharsets.UTF_8))) {
        forms.put(b64, b64.getBytes(StandardCharsets.US_ASCII));
      }
    }
    needles.addAll(forms.values());
    maxNeedle = needles.stream().mapToInt(b -> b.length).max().orElse(0);
    for (byte[] n : needles) {
      int key = ((n[0] & 0xff) << 8) | (n[1] & 0xff);
      prefixes[key >>> 6] |= 1L << (key & 63);
    }
  }

  /**
   * The base64 text that must appear whenever {@code value} is base64-encoded at any offset: for
   * each of the three alignments, the characters that depend only on the value's own bytes.
   */
  static List<String> base64Cores(byte[] value) {
    List<String> out = new ArrayList<>();
    for (int pad = 0; pad < 3; pad++) {
      byte[] shifted = new byte[pad + value.length];
      System.arraycopy(value, 0, shifted, pad, value.length);
      for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        String full = enc.withoutPadding().encodeToString(shifted);
        int start = pad == 0 ? 0 : (pad == 1 ? 2 : 3);
        int usableBytes = (pad + value.length) / 3 * 3;
        int end = usableBytes / 3 * 4;
        if (end - start >= 4) {
          out.add(full.substring(start, end));
        }
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return needles.isEmpty();
  }

  /** Vendor-relative paths (under {@code base}) of regular files under {@code root} holding a known secret. */
  public List<String> scanTree(Path base, Path root) {
    List<String> hits = new ArrayList<>();
    if (needles.isEmpty() || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return hits;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && containsSecret(f)) {
          hits.add(base.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hits;
  }

  public boolean containsSecret(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return containsSecret(in);
    }
  }

  /** Streams with an overlap of the longest needle so matches across buffer edges are found. */
  public boolean containsSecret(InputStream in) throws IOException {
    int overlap = Math.max(0, maxNeedle - 1);
    byte[] buf = new byte[Math.max(1 << 16, overlap * 2)];
    int kept = 0;
    int n;
    while ((n = in.read(buf, kept, buf.length - kept)) != -1) {
      int len = kept + n;
      if (matchesAny(buf, len)) {
        return true;
      }
      kept = Math.min(overlap, len);
      System.arraycopy(buf, len - kept, buf, 0, kept);
    }
    return false;
  }

  private boolean matchesAny(byte[] buf, int len) {
    for (int i = 0; i + 1 < len; i++) {
      int key = ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
      if ((prefixes[key >>> 6] & (1L << (key & 63))) != 0) {
        for (byte[] needle : needles) {
          if (startsWith(buf, len, i, needle)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] buf, int len, int at, byte[] needle) {
    if (at + needle.length > len) {
      return false;
    }
    for (int j = 0; j < needle.length; j++) {
      if (buf[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }


}
