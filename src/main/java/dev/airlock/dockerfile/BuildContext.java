package dev.airlock.dockerfile;

import dev.airlock.docker.CredentialPaths;
import dev.airlock.docker.IgnorePatterns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a {@code docker build} of a folder would send, as Docker's context walker picks them:
 * an ignored folder is skipped unless a re-include pattern names something below it; symlinks are
 * sent as links, so their targets are not read. The vendor dir is left out: airlock's fetch,
 * verify and scan answer for what is in it.
 */
public final class BuildContext {
  /** At most this many files are listed; a larger context is cut off (and said so). */
  static final int MAX_FILES = 200_000;
  private static final int SNIFF_MAX_SIZE = 16 * 1024;

  private final Path root;
  private final List<String> files;
  private final boolean truncated;
  private final java.util.Map<String, Boolean> verdicts = new java.util.HashMap<>();

  private BuildContext(Path root, List<String> files, boolean truncated) {
    this.root = root;
    this.files = List.copyOf(files);
    this.truncated = truncated;
  }

  /** Walks {@code root} with the given ignore patterns, skipping {@code vendorRel}. */
  public static BuildContext walk(Path root, IgnorePatterns ignore, String vendorRel) {
    List<String> out = new ArrayList<>();
    boolean[] cut = {false};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
          }
          String rel = rel(root, dir);
          if (rel.equals(vendorRel) || ignore.ignored(rel) && !ignore.mayReinclude(rel)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            String rel = rel(root, file);
            if (!ignore.ignored(rel)) {
              if (out.size() >= MAX_FILES) {
                cut[0] = true;
                return FileVisitResult.TERMINATE;
              }
              out.add(rel);
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE; // unreadable: Docker would fail on it, not leak it
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return new BuildContext(root, out, cut[0]);
  }

  public List<String> files() {
    return files;
  }

  public boolean truncated() {
    return truncated;
  }

  /**
   * Whether a file that would be sent looks like a credential: by a name that is certain
   * ({@code .netrc}, {@code id_rsa}, …), or a private key inside (a {@code *.pem} or {@code *.key}
   * is judged by its content: a certificate or a public key is not one).
   */
  public boolean credential(String rel) {
    return verdicts.computeIfAbsent(rel, r -> CredentialPaths.certain(r) || privateKey(root.resolve(r)));
  }

  private static boolean privateKey(Path p) {
    try {
      if (Files.size(p) > SNIFF_MAX_SIZE) {
        return false;
      }
      try (InputStream in = Files.newInputStream(p)) {
        String head = new String(in.readNBytes(SNIFF_MAX_SIZE), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ") && head.contains("PRIVATE KEY-----");
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
  }
}
