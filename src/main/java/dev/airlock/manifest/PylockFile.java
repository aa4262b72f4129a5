package dev.airlock.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PEP 751 {@code pylock.toml}: each {@code [[packages]]} entry with its {@code wheels} and
 * {@code sdist}, each a {@code url} and {@code hashes.sha256}. Markers and {@code requires-python}
 * are kept in the file and decide nothing here (every listed file is vendored; the hashes
 * decide). {@code vcs}, {@code directory}, {@code archive} and files given only by {@code path}
 * are not index files and are refused, naming the package. Read with Jackson's TOML module.
 */
public final class PylockFile {
  /** One file of a package: its file name, URL and sha256. */
  public record FileRef(String fileName, String url, String sha256) {}

  /** One package: name as written, version if the lock gives one, its files, its {@code index}. */
  public record Package(String project, Optional<Pep440Version> version, Optional<String> index,
      List<FileRef> files, String where) {
    public Package {
      files = List.copyOf(files);
    }
  }

  public record Result(List<Package> packages, String sha256, List<String> errors) {}

  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final TomlMapper TOML = new TomlMapper();

  private PylockFile() {}

  /** {@code shown} names the file in messages (relative to the manifest). */
  public static Result read(Path file, String shown) {
    byte[] bytes;
    try {
      bytes = BoundedFile.read(file, RequirementsFile.MAX_BYTES, shown);
    } catch (UsageException e) {
      return new Result(List.of(), "", List.of(e.getMessage()));
    }
    String sha;
    try {
      sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    JsonNode root;
    try {
      root = TOML.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return new Result(List.of(), sha, List.of(shown + (line > 0 ? ":" + line : "") + ": not valid TOML"));
    }
    List<String> errors = new ArrayList<>();
    String version = root.path("lock-version").asText("");
    if (!version.equals("1") && !version.startsWith("1.")) {
      errors.add(shown + ": lock-version is '" + safe(version) + "'; airlock reads PEP 751 lock-version 1.x");
      return new Result(List.of(), sha, errors);
    }
    if (!root.path("packages").isArray() || root.path("packages").isEmpty()) {
      errors.add(shown + ": no [[packages]]");
    }
    List<Package> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : root.path("packages")) {
      pkg(p, shown + ": packages[" + i++ + "]", errors).ifPresent(out::add);
    }
    return new Result(out, sha, errors);
  }

  private static Optional<Package> pkg(JsonNode p, String at, List<String> errors) {
    String name = p.path("name").asText("");
    if (!PypiSourceParser.PROJECT.matcher(name).matches()) {
      errors.add(at + ": no valid name");
      return Optional.empty();
    }
    String where = at + " (" + name + ")";
    Optional<Pep440Version> version = Optional.empty();
    if (p.has("version")) {
      version = Pep440Version.parse(p.path("version").asText(""));
      if (version.isEmpty()) {
        errors.add(where + ": version is not a PEP 440 version");
        return Optional.empty();
      }
    }
    for (String kind : List.of("vcs", "directory", "archive")) {
      if (p.has(kind)) {
        errors.add(where + ": " + kind + " packages are not supported (only wheels and sdists from an index)");
        return Optional.empty();
      }
    }
    List<FileRef> files = new ArrayList<>();
    int n = 0;
    for (JsonNode w : p.path("wheels")) {
      file(w, where + ": wheels[" + n++ + "]", errors).ifPresent(files::add);
    }
    if (p.has("sdist")) {
      file(p.path("sdist"), where + ": sdist", errors).ifPresent(files::add);
    }
    if (files.isEmpty() && !p.has("wheels") && !p.has("sdist")) {
      errors.add(where + ": lists no wheels and no sdist");
      return Optional.empty();
    }
    Optional<String> index = Optional.of(p.path("index").asText("")).filter(s -> !s.isEmpty());
    return Optional.of(new Package(name, version, index, files, where));
  }

  private static Optional<FileRef> file(JsonNode f, String where, List<String> errors) {
    String url = f.path("url").asText("");
    if (url.isEmpty()) {
      errors.add(where + ": no url (a file given only by path is not fetched from an index)");
      return Optional.empty();
    }
    String sha = f.path("hashes").path("sha256").asText("");
    if (!HEX64.matcher(sha).matches()) {
      errors.add(where + ": no hashes.sha256 (airlock verifies every file against the lock's hash)");
      return Optional.empty();
    }
    String fileName = f.path("name").asText("");
    if (fileName.isEmpty()) {
      String path = url.replaceFirst("[?#].*$", "");
      fileName = path.substring(path.lastIndexOf('/') + 1);
    }
    return Optional.of(new FileRef(fileName, url, sha.toLowerCase(Locale.ROOT)));
  }

  /** A value from the file echoed in a message: short, printable. */
  private static String safe(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 20 ? t.substring(0, 20) + "…" : t;
  }
}
