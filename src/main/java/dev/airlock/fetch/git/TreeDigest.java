package dev.airlock.fetch.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.jgit.lib.FileMode;

/**
 * The lock's digest of an exported tree: {@code sha256:} of one line per entry, sorted by path,
 * {@code MODE DIGEST PATH\n} where MODE is git's (100644, 100755, 120000), DIGEST is the lock's file
 * digest (sha256 hex, or {@code link:TARGET}) and PATH is relative to the source's folder. Unlike
 * the per-file list it also pins executable bits.
 */
final class TreeDigest {
  private TreeDigest() {}

  static String of(String root, SortedMap<String, String> files, Map<String, FileMode> modes) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String prefix = root + "/";
    for (var e : files.entrySet()) {
      String path = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
      FileMode mode = modes.get(path);
      String m = mode == null ? "?" : Integer.toOctalString(mode.getBits());
      md.update((m + " " + e.getValue() + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }
}
