package dev.airlock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path under some roots with its type and content hash, for "nothing changed" assertions. */
public final class TreeSnapshot {
  private TreeSnapshot() {}

  public static Map<String, String> of(Path... roots) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Path root : roots) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        out.put(root.toString(), "absent");
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          String kind = Files.isSymbolicLink(p) ? "link:" + Files.readSymbolicLink(p)
              : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
              : "file:" + sha256(Files.readAllBytes(p));
          out.put(p.toString(), kind);
        }
      }
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
