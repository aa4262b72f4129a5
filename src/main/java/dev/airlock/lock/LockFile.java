package dev.airlock.lock;

import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import dev.airlock.placement.AtomicFiles;
import dev.airlock.placement.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads and writes {@code fetch.lock}: YAML written by hand so the bytes are deterministic (sorted
 * keys, fixed quoting, no timestamps) and a diff reads well.
 */
public final class LockFile {
  static final String HEADER = "# fetch.lock: written by airlock. Do not edit; `airlock update` moves pins.\n";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*");
  /** Plain scalars that YAML would read as a number: quoted. */
  private static final Pattern NUMBER = Pattern.compile("[0-9.eE+-]+");
  /** Plain scalars that YAML 1.1 would read as a boolean or null: quoted. */
  private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "yes", "no", "on", "off", "~");

  /** A lock far larger than any real closure's (a few MiB for thousands of files). */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private LockFile() {}

  public static Optional<Lock> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    // a checkout may hold a FIFO or a device here: refused, never opened (opening a FIFO blocks)
    return Optional.of(parse(BoundedFile.readUtf8(file, MAX_BYTES, file.toString(), "not valid UTF-8"), file));
  }

  @SuppressWarnings("unchecked")
  static Lock parse(String text, Path file) {
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(false);
    opts.setMaxAliasesForCollections(0);
    Object root;
    try {
      root = new Yaml(new SafeConstructor(opts)).load(text);
    } catch (RuntimeException e) {
      throw new UsageException(file + ": not a valid lock file: " + e.getMessage());
    }
    try {
      Map<String, Object> m = (Map<String, Object>) root;
      int version = ((Number) m.get("version")).intValue();
      if (version != Lock.VERSION) {
        throw new UsageException(file + ": unsupported lock version " + version);
      }
      Map<String, Object> sources = (Map<String, Object>) m.getOrDefault("sources", Map.of());
      TreeMap<String, LockEntry> entries = new TreeMap<>();
      if (sources != null) {
        for (var e : sources.entrySet()) {
          Map<String, Object> s = (Map<String, Object>) e.getValue();
          Map<String, String> files = strings((Map<String, Object>) s.getOrDefault("files", Map.of()));
          for (String path : files.keySet()) {
            // a fetch deletes the files of a source that left the manifest: never outside the vendor dir
            String problem = ProjectPaths.relativeProblem(path);
            if (problem != null) {
              throw new UsageException(file + ": source '" + e.getKey() + "' lists " + ProjectPaths.display(path)
                  + ", which is not a path inside the vendor dir (" + problem + ")");
            }
          }
          entries.put(e.getKey(), LockEntry.of(e.getKey(), (String) s.get("kind"), (String) s.get("fingerprint"),
              strings((Map<String, Object>) s.getOrDefault("resolved", Map.of())), files));
        }
      }
      return new Lock(version, entries);
    } catch (ClassCastException | NullPointerException e) {
      throw new UsageException(file + ": not a valid lock file (run `airlock fetch` to rewrite it)");
    }
  }

  private static Map<String, String> strings(Map<String, Object> m) {
    Map<String, String> out = new TreeMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  public static String render(Lock lock) {
    StringBuilder sb = new StringBuilder(HEADER);
    sb.append("version: ").append(lock.version()).append('\n');
    if (lock.entries().isEmpty()) {
      return sb.append("sources: {}\n").toString();
    }
    sb.append("sources:\n");
    for (LockEntry e : lock.entries().values()) {
      sb.append("  ").append(q(e.name())).append(":\n");
      sb.append("    kind: ").append(q(e.kind())).append('\n');
      sb.append("    fingerprint: ").append(q(e.fingerprint())).append('\n');
      block(sb, "resolved", e.resolved());
      block(sb, "files", e.files());
    }
    return sb.toString();
  }

  private static void block(StringBuilder sb, String key, Map<String, String> m) {
    if (m.isEmpty()) {
      sb.append("    ").append(key).append(": {}\n");
      return;
    }
    sb.append("    ").append(key).append(":\n");
    for (var kv : m.entrySet()) {
      sb.append("      ").append(q(kv.getKey())).append(": ").append(q(kv.getValue())).append('\n');
    }
  }

  /** Plain when unambiguous, else double-quoted with JSON-style escapes (valid YAML). */
  static String q(String s) {
    if (PLAIN.matcher(s).matches() && !KEYWORDS.contains(s.toLowerCase(Locale.ROOT)) && !NUMBER.matcher(s).matches()) {
      return s;
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  public static void write(Path file, Lock lock) {
    AtomicFiles.writeString(file, render(lock));
  }
}
