package dev.airlock.fetch;

import dev.airlock.lock.Lock;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.VendorState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The no-op shortcut of {@code fetch}. After a successful run, {@code .airlock/up-to-date} records
 * the sha256 of the manifest's and the lock's bytes, of every input file the manifest's sources read
 * (a requirements file and its includes, a lock file), the vendor dir and every locked path with
 * its digest. A later run whose manifest and lock are byte for byte the same, and whose vendored files
 * all still match (size and mtime from {@link VendorState}, else hashed), is done without reading
 * any YAML or touching the network. Anything else (an edited manifest or lock, a changed, missing
 * or retyped file, another vendor dir, a damaged record) takes the full path, which decides source
 * by source. The record holds paths and digests only, never a credential.
 */
public final class UpToDate {
  private static final String HEADER = "airlock up-to-date 2";

  /** One source as the run that had nothing to do reports it. */
  public record Source(String name, String kind, int files) {}

  /** What a run that had nothing to do reports. */
  public record Summary(List<Source> sources, int files, Path vendor) {}

  private UpToDate() {}

  static Path file(Path workDir) {
    return workDir.resolve("up-to-date");
  }

  /**
   * Records a successful run: {@code lock} is what {@code lockFile} now holds; {@code override} is
   * the {@code --vendor-dir} given, if any (else {@code vendor} is the manifest's own).
   */
  public static void record(Path manifestFile, Path lockFile, Path workDir, Path vendor, Optional<Path> override,
      Lock lock) {
    record(manifestFile, lockFile, workDir, vendor, override, lock, List.of());
  }

  /** As above; {@code inputs} are the files the sources read besides the manifest (their bytes count too). */
  public static void record(Path manifestFile, Path lockFile, Path workDir, Path vendor, Optional<Path> override,
      Lock lock, List<Path> inputs) {
    try {
      Map<String, String> files = lock.allFiles();
      if (files.keySet().stream().anyMatch(p -> p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0)) {
        forget(workDir); // one path per line
        return;
      }
      StringBuilder sb = new StringBuilder(HEADER).append('\n')
          .append("manifest\t").append(sha256(manifestFile)).append('\n')
          .append("lock\t").append(sha256(lockFile)).append('\n')
          .append("vendor\t").append(vendorLine(manifestFile, vendor, override)).append('\n')
          .append("sources\t").append(lock.entries().size()).append('\n');
      lock.entries().values().forEach(e -> sb.append("source\t").append(e.name()).append('\t').append(e.kind())
          .append('\t').append(e.files().size()).append('\n'));
      sb.append("inputs\t").append(inputs.size()).append('\n');
      for (Path in : inputs) {
        String shown = inputLine(manifestFile, in);
        if (shown.indexOf('\n') >= 0 || shown.indexOf('\r') >= 0 || shown.indexOf('\t') >= 0) {
          forget(workDir);
          return;
        }
        sb.append(shown).append('\t').append(sha256(in)).append('\n');
      }
      files.forEach((path, digest) -> sb.append(path).append('\t').append(digest).append('\n'));
      AtomicFiles.writeString(file(workDir), sb.toString());
    } catch (IOException | RuntimeException e) {
      forget(workDir); // the shortcut is an optimisation; without a record the full path runs
    }
  }

  /** Removes the record: the next run takes the full path. */
  public static void forget(Path workDir) {
    AtomicFiles.deleteQuietly(file(workDir));
  }

  /**
   * Whether the last successful run still stands for this manifest and vendor dir; the state file
   * is refreshed with any digest it had to compute.
   */
  public static Optional<Summary> check(Path manifestFile, Path lockFile, Path workDir, Optional<Path> override) {
    try {
      List<String> lines = Files.readAllLines(file(workDir), StandardCharsets.UTF_8);
      if (lines.size() < 5 || !lines.get(0).equals(HEADER)
          || !lines.get(1).equals("manifest\t" + sha256(manifestFile))
          || !lines.get(2).equals("lock\t" + sha256(lockFile))
          || !lines.get(3).startsWith("vendor\t")
          || !lines.get(4).startsWith("sources\t")) {
        return Optional.empty();
      }
      Path vendor = vendorOf(manifestFile, lines.get(3).substring("vendor\t".length()), override).orElse(null);
      if (vendor == null) {
        return Optional.empty();
      }
      int n = Integer.parseInt(lines.get(4).substring("sources\t".length()));
      List<Source> sources = new java.util.ArrayList<>();
      for (String line : lines.subList(5, 5 + n)) {
        String[] f = line.split("\t");
        if (f.length != 4 || !f[0].equals("source")) {
          return Optional.empty();
        }
        sources.add(new Source(f[1], f[2], Integer.parseInt(f[3])));
      }
      String inputsLine = lines.get(5 + n);
      if (!inputsLine.startsWith("inputs\t")) {
        return Optional.empty();
      }
      int m = Integer.parseInt(inputsLine.substring("inputs\t".length()));
      for (String line : lines.subList(6 + n, 6 + n + m)) {
        int tab = line.lastIndexOf('\t');
        if (!line.substring(tab + 1).equals(sha256(baseDir(manifestFile).resolve(line.substring(0, tab))))) {
          return Optional.empty(); // an input file changed: its source may be stale
        }
      }
      n += 1 + m;
      VendorState state = VendorState.load(workDir.resolve("state"), vendor);
      for (String line : lines.subList(5 + n, lines.size())) {
        int tab = line.lastIndexOf('\t');
        String rel = line.substring(0, tab);
        String digest = line.substring(tab + 1);
        if (!Files.exists(vendor.resolve(rel), LinkOption.NOFOLLOW_LINKS) || !state.digest(rel).equals(digest)) {
          state.save();
          return Optional.empty();
        }
      }
      state.save();
      return Optional.of(new Summary(List.copyOf(sources), lines.size() - 5 - n, vendor));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The manifest's own vendor dir is kept relative to the manifest's folder (a copied project must
   * not vouch for the original's files); a {@code --vendor-dir} absolute, and only for runs that
   * give the same one.
   */
  private static String vendorLine(Path manifestFile, Path vendor, Optional<Path> override) {
    Path abs = vendor.toAbsolutePath().normalize();
    return override.isPresent() ? "override\t" + abs
        : "manifest\t" + baseDir(manifestFile).relativize(abs).toString().replace(java.io.File.separatorChar, '/');
  }

  private static Optional<Path> vendorOf(Path manifestFile, String line, Optional<Path> override) {
    if (override.isPresent()) {
      Path abs = override.get().toAbsolutePath().normalize();
      return line.equals("override\t" + abs) ? Optional.of(abs) : Optional.empty();
    }
    return line.startsWith("manifest\t")
        ? Optional.of(baseDir(manifestFile).resolve(line.substring("manifest\t".length())).normalize())
        : Optional.empty();
  }

  /** An input file relative to the manifest's folder when inside it (a copied project checks its own). */
  private static String inputLine(Path manifestFile, Path input) {
    Path abs = input.toAbsolutePath().normalize();
    Path base = baseDir(manifestFile);
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static Path baseDir(Path manifestFile) {
    return manifestFile.toAbsolutePath().normalize().getParent();
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
