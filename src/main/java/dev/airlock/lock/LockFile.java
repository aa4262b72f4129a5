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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes {@code fetch.lock}: YAML written by hand so the bytes are deterministic (sorted
 * keys, fixed quoting, no timestamps) and a diff reads well.
 */
public final class LockFile {
  static final String HEADER = "# fetch.lock: written by airlock. Do not edit; `airlock update` moves pins.\n";
  /** The implicit types SnakeYAML's reader gives plain scalars (the reader below uses the same). */
  private static final Resolver RESOLVER = new Resolver();
  /** Quoted in any case, as this writer always did (the resolver alone lets {@code yEs} through). */
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

  /**
   * {@code [A-Za-z0-9_./][A-Za-z0-9_./:@+-]*}: safe as a plain YAML scalar. A loop, not a regex: the
   * lock writer asks this of every name, path and digest it writes.
   */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c < 0x80 && Character.isLetterOrDigit(c)) && (i == 0 ? "_./" : "_./:@+-").indexOf(c) < 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** {@code [0-9.eE+-]+}: a plain scalar YAML could read as a number (quoted). */
  private static boolean number(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || ".eE+-".indexOf(c) >= 0)) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * {@code s} as a YAML scalar that the reader gives back as the same string: bare when that is
   * safe, else double-quoted with JSON-style escapes. Bare needs plain characters, not the look of
   * a keyword or number, no trailing {@code :} (which would start a mapping) and the reader's own
   * resolver to see a string (YAML 1.1 also reads {@code .inf}, {@code 0x1F}, {@code 1_000},
   * {@code 12:30} and timestamps).
   */
  static String q(String s) {
    if (plain(s) && !KEYWORDS.contains(s.toLowerCase(Locale.ROOT)) && !number(s) && !s.endsWith(":")
        && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR)) {
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
