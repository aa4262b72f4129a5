package dev.airlock.fetch;

import dev.airlock.net.BodyTap;
import dev.airlock.scan.KnownSecretScanner;
import dev.airlock.scan.core.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's known-secret scan of what it downloads, done while the bytes arrive ({@link Downloads}),
 * with the extra digests a registry publishes. Results are kept by sha256: the scan before anything
 * is placed reads no downloaded file again, only what a backend made itself (an unpacked archive, a
 * git tree). The scan's outcome depends on the bytes alone, so a file whose recorded sha256 was
 * scanned here needs no second look.
 */
public final class ArrivalScan {
  /** Nothing scanned while arriving: the scan before placing reads every file. */
  public static final ArrivalScan NONE = new ArrivalScan(null, null);

  private final KnownSecretScanner scanner;
  private final Path temp;
  private final Map<String, List<Location>> bySha256 = new ConcurrentHashMap<>();

  /** {@code scanner} null or empty: nothing to look for, so only digests are taken. */
  public ArrivalScan(KnownSecretScanner scanner, Path temp) {
    this.scanner = scanner == null || scanner.isEmpty() ? null : scanner;
    this.temp = temp;
  }

  /** The known-secret hits in content with this sha256, if it was scanned while arriving. */
  public Optional<List<Location>> hits(String sha256) {
    return Optional.ofNullable(bySha256.get(sha256.toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * Content a backend holds in memory while it writes it (a git blob): scanned from memory, so the
   * scan before placing need not read {@code file} again. Contents already scanned are skipped.
   */
  public void written(byte[] data, String sha256, Path file) {
    String key = sha256.toLowerCase(java.util.Locale.ROOT);
    if (scanner == null || bySha256.containsKey(key)) {
      return;
    }
    try {
      bySha256.put(key, scanner.scanArriving(new java.io.ByteArrayInputStream(data), file,
          file.getFileName().toString(), temp));
    } catch (IOException e) {
      // not recorded: the scan before placing reads this file
    }
  }

  Tap tap(Path file, List<String> algorithms) {
    return new Tap(file, algorithms);
  }

  /** One file's pass: the extra digests (by JDK name) and the scan. */
  final class Tap implements BodyTap {
    private final Path file;
    private final List<String> algorithms;
    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
    private List<Location> hits;

    Tap(Path file, List<String> algorithms) {
      this.file = file;
      this.algorithms = algorithms;
    }

    @Override
    public void restart() {
      hits = null;
      digests.clear();
      for (String a : algorithms) {
        try {
          digests.put(a, MessageDigest.getInstance(a));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void update(byte[] b, int off, int n) {
      for (MessageDigest d : digests.values()) {
        d.update(b, off, n);
      }
    }

    @Override
    public void consume(InputStream body) {
      if (scanner == null) {
        return;
      }
      try {
        hits = scanner.scanArriving(body, file, file.getFileName().toString(), temp);
      } catch (IOException e) {
        hits = null; // not recorded: the scan before placing reads this file
      }
    }

    /** The pass is complete and its content has this sha256. */
    void finish(String sha256) {
      if (hits != null) {
        bySha256.put(sha256.toLowerCase(java.util.Locale.ROOT), hits);
      }
    }

    Map<String, byte[]> digests() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      digests.forEach((a, d) -> out.put(a, d.digest()));
      return out;
    }
  }
}
