package dev.airlock.cache;

import dev.airlock.common.Environment;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user's content-addressed cache, shared by all projects: {@code files/sha256/ab/<hex>}. Only
 * verified content goes in (by sha256, never by URL), so it can never hold a credential that was
 * not already in a vendored file; entries are written atomically and re-hashed on read.
 */
public final class ContentCache {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private final Path root;
  private final Fallback fallback;

  /**
   * A second tier asked for a hash this cache lacks (the remote cache): gives a file it has
   * verified to hold exactly that content, or empty.
   */
  public interface Fallback {
    Optional<Path> find(String sha256);
  }

  public ContentCache(Path root) {
    this(root, null);
  }

  private ContentCache(Path root, Fallback fallback) {
    this.root = root;
    this.fallback = fallback;
  }

  /** This cache, asking {@code next} for what it lacks ({@link #put} still writes only here). */
  public ContentCache withFallback(Fallback next) {
    return new ContentCache(root, next);
  }

  /** {@code $AIRLOCK_CACHE}, else {@code $XDG_CACHE_HOME/airlock}, else {@code ~/.cache/airlock}. */
  public static Path defaultDir(Environment env) {
    return env.get("AIRLOCK_CACHE").map(Path::of)
        .or(() -> env.get("XDG_CACHE_HOME").map(x -> Path.of(x, "airlock")))
        .orElse(env.home().resolve(".cache").resolve("airlock"))
        .toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  private Path entry(String sha256) {
    String hex = sha256.toLowerCase(java.util.Locale.ROOT);
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256");
    }
    return root.resolve("files").resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Forgets an entry found corrupt. */
  public void drop(String sha256) {
    AtomicFiles.deleteQuietly(entry(sha256));
  }

  /** Here, or (asking it now) in the fallback tier. */
  public boolean contains(String sha256) {
    return Files.isRegularFile(entry(sha256)) || (fallback != null && fallback.find(sha256).isPresent());
  }

  /**
   * Stores a file whose sha256 the caller has verified. A hard link where the file system allows
   * (no bytes written: the entry shares the vendored file's inode, so editing that file in place
   * spoils the entry; reads re-hash it, drop it and download again), else a copy the kernel makes.
   * Failures only cost a future download.
   */
  public void put(Path file, String sha256) {
    Path e = entry(sha256);
    if (Files.isRegularFile(e)) {
      return;
    }
    try {
      try {
        Files.createLink(e, file); // appears whole or not at all
      } catch (java.nio.file.NoSuchFileException noFolder) {
        Files.createDirectories(e.getParent());
        Files.createLink(e, file);
      }
      return;
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      return;
    } catch (IOException | UnsupportedOperationException | SecurityException noLink) {
      // another file system, or links not allowed: copy
    }
    Path tmp = e.resolveSibling("." + sha256.substring(0, 8) + "."
        + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    try {
      Files.createDirectories(e.getParent());
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long size = in.size();
        long pos = 0;
        while (pos < size) {
          long n = in.transferTo(pos, size - pos, out); // copy_file_range or sendfile: no user-space copy
          if (n <= 0) {
            throw new IOException("short copy");
          }
          pos += n;
        }
      }
      AtomicFiles.move(tmp, e);
    } catch (IOException ignored) {
      // the cache is an optimisation
    } finally {
      AtomicFiles.deleteQuietly(tmp);
    }
  }

  /**
   * The file holding this content: the entry here, else (asking it now) the fallback tier's file,
   * verified as it arrived and private to the run. Readers hash what they read all the same.
   */
  public Optional<Path> path(String sha256) {
    Path e = entry(sha256);
    if (Files.isRegularFile(e)) {
      return Optional.of(e);
    }
    return fallback == null ? Optional.empty() : fallback.find(sha256);
  }
}
