package dev.airlock.placement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lists a tree as {@code path → digest}: sha256 hex for a regular file, {@code link:TARGET} for a
 * symlink (never followed). Paths use {@code /} and are relative to {@code base}.
 */
public final class TreeHasher {
  private TreeHasher() {}

  public static SortedMap<String, String> hashTree(Path base, Path root) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          out.put(relative(base, file), digest(file));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  /** The digest the lock records for one path (which must exist). */
  public static String digest(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return "link:" + Files.readSymbolicLink(file).toString().replace(java.io.File.separatorChar, '/');
    }
    return sha256(file);
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[128 * 1024];
      int n;
      while ((n = in.read(buf)) != -1) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
