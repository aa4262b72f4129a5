package dev.airlock.placement;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Paths that name different files here but the same file on macOS (APFS, HFS+: case-insensitive,
 * normalisation-insensitive) and Windows (NTFS: case-insensitive): {@code README} and
 * {@code readme}, or {@code café.txt} in NFC and in NFD. Vendoring both would make one overwrite
 * the other for a developer on those systems, so each is refused naming both paths. Paths are
 * compared whole (a folder {@code Docs/} and a folder {@code docs/} count as well), after Unicode
 * NFC normalisation and case folding.
 */
public final class PathCollisions {
  private final Map<String, String> seen = new HashMap<>();

  /** The earlier path {@code path} collides with, if any; records {@code path} otherwise. */
  public Optional<String> add(String path) {
    String key = fold(path);
    String first = seen.putIfAbsent(key, path);
    return first == null || first.equals(path) ? Optional.empty() : Optional.of(first);
  }

  /**
   * Adds {@code path} and each of its parent folders; the sentence naming the first collision, if
   * any ({@link #describe}).
   */
  public Optional<String> addWithParents(String path) {
    for (String p : withParents(path)) {
      Optional<String> other = add(p);
      if (other.isPresent()) {
        return Optional.of(describe(other.get(), p));
      }
    }
    return Optional.empty();
  }

  /** {@code a} and {@code b} collide: a sentence naming both and why. */
  public static String describe(String a, String b) {
    String why = Normalizer.normalize(a, Normalizer.Form.NFC).equals(Normalizer.normalize(b, Normalizer.Form.NFC))
        ? "Unicode normalisation (NFC/NFD)" : "case";
    return EntryPath.display(a) + " and " + EntryPath.display(b) + " differ only in " + why
        + ": they would overwrite each other on macOS (APFS) and Windows (NTFS)";
  }

  /** {@code a/b/c} → {@code a}, {@code a/b}, {@code a/b/c}. */
  public static List<String> withParents(String path) {
    List<String> out = new ArrayList<>();
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      out.add(path.substring(0, slash));
    }
    out.add(path);
    return out;
  }

  /** The name two colliding paths share on a case- and normalisation-insensitive file system. */
  public static String key(String path) {
    return fold(path);
  }

  static String fold(String path) {
    String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
    return nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }
}
