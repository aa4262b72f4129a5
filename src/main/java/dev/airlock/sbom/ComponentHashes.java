package dev.airlock.sbom;

import dev.airlock.lock.LockEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The hashes of a component as a whole, so that every component of the SBOM carries one:
 *
 * <ul>
 *   <li>{@code http}: the downloaded file's sha256 as the lock records it (for an extracted archive,
 *       the archive's own);</li>
 *   <li>{@code maven}: the sha256 of the main artifact (the jar, war, … else the pom), not of the
 *       {@code .sha1} files airlock writes beside it;</li>
 *   <li>{@code npm}: the tarball's sha256, and the sha512 of the registry's {@code integrity};</li>
 *   <li>{@code pypi}: the distribution file's sha256;</li>
 *   <li>{@code git}: the lock's {@code tree} digest: sha256 of one line {@code MODE SHA256 PATH\n}
 *       per vendored entry, sorted by path (MODE is git's 100644/100755/120000, a link's digest is
 *       {@code link:TARGET}, PATH relative to the source's folder) — the commit id stays the
 *       version;</li>
 *   <li>anything else, or a source of several files without a main one: sha256 of one line
 *       {@code SHA256 PATH\n} per vendored file, sorted by path.</li>
 * </ul>
 */
final class ComponentHashes {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final List<String> SIDE_FILES = List.of(".sha1", ".sha256", ".sha512", ".md5", ".asc");

  private ComponentHashes() {}

  static SortedMap<String, String> of(LockEntry e, SortedMap<String, String> files) {
    SortedMap<String, String> out = new TreeMap<>();
    Map<String, String> r = e.resolved();
    Optional<String> sha256 = switch (e.kind()) {
      case "http" -> Optional.ofNullable(r.get("sha256")).filter(h -> SHA256.matcher(h).matches())
          .or(() -> single(files));
      case "git" -> Optional.ofNullable(r.get("tree")).map(t -> t.replaceFirst("^sha256:", ""))
          .filter(h -> SHA256.matcher(h).matches());
      case "maven" -> mainArtifact(files);
      default -> single(files);
    };
    out.put("SHA-256", sha256.orElseGet(() -> ofSet(files)));
    if (e.kind().equals("npm")) {
      sha512(r.getOrDefault("integrity", "")).ifPresent(h -> out.put("SHA-512", h));
    }
    return out;
  }

  private static Optional<String> single(SortedMap<String, String> files) {
    List<String> main = files.entrySet().stream().filter(f -> SIDE_FILES.stream().noneMatch(f.getKey()::endsWith))
        .map(Map.Entry::getValue).toList();
    return main.size() == 1 ? Optional.of(main.get(0)) : Optional.empty();
  }

  private static Optional<String> mainArtifact(SortedMap<String, String> files) {
    List<Map.Entry<String, String>> main = files.entrySet().stream()
        .filter(f -> SIDE_FILES.stream().noneMatch(f.getKey()::endsWith)).toList();
    return main.stream().filter(f -> !f.getKey().endsWith(".pom")).map(Map.Entry::getValue).findFirst()
        .or(() -> main.stream().map(Map.Entry::getValue).findFirst());
  }

  private static Optional<String> sha512(String sri) {
    for (String part : sri.split("\\s+")) {
      if (part.startsWith("sha512-")) {
        try {
          byte[] d = Base64.getDecoder().decode(part.substring(7));
          return d.length == 64 ? Optional.of(HexFormat.of().formatHex(d)) : Optional.empty();
        } catch (IllegalArgumentException ex) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static String ofSet(SortedMap<String, String> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      files.forEach((path, sha) -> md.update((sha + " " + path + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
