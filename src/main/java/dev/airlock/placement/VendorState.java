package dev.airlock.placement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remembers size, mtime and digest of each vendored file ({@code .airlock/state}) so an unchanged
 * fetch does not re-hash everything: a file whose size and mtime still match is trusted, anything
 * else is hashed again. {@code verify} never uses it.
 */
public final class VendorState {
  private record Stamp(long size, long mtimeNanos, String digest) {}

  private final Path file;
  private final Path vendor;
  private final Map<String, Stamp> stamps = new TreeMap<>();
  private boolean dirty;

  private VendorState(Path file, Path vendor) {
    this.file = file;
    this.vendor = vendor;
  }

  public static VendorState load(Path file, Path vendor) {
    VendorState s = new VendorState(file, vendor);
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] f = line.split("\t");
          if (f.length == 4) {
            s.stamps.put(f[0], new Stamp(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      s.stamps.clear(); // a damaged state file only costs hashing
    }
    return s;
  }

  /** The digest of {@code vendor/rel}, from the state when size and mtime agree, else hashed. */
  public String digest(String rel) throws IOException {
    Path p = vendor.resolve(rel);
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      return TreeHasher.digest(p);
    }
    long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    Stamp s = stamps.get(rel);
    if (s != null && s.size() == a.size() && s.mtimeNanos() == mtime) {
      return s.digest();
    }
    String d = TreeHasher.digest(p);
    stamps.put(rel, new Stamp(a.size(), mtime, d));
    dirty = true;
    return d;
  }

  /** Records a file just placed, whose digest is known. */
  public void record(String rel, String digest) {
    Path p = vendor.resolve(rel);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isSymbolicLink()) {
        stamps.put(rel, new Stamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), digest));
        dirty = true;
      }
    } catch (IOException e) {
      stamps.remove(rel);
    }
  }

  public void save() {
    if (!dirty) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    stamps.forEach((k, v) -> {
      if (Files.exists(vendor.resolve(k), LinkOption.NOFOLLOW_LINKS)) {
        sb.append(k).append('\t').append(v.size()).append('\t').append(v.mtimeNanos()).append('\t')
            .append(v.digest()).append('\n');
      }
    });
    try {
      AtomicFiles.writeString(file, sb.toString());
    } catch (RuntimeException ignored) {
      // an optimisation only
    }
  }
}
