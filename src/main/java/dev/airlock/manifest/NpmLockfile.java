package dev.airlock.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a {@code package-lock.json} (lockfileVersion 2 or 3) pins: every registry package under
 * {@code packages}, deduplicated by name and version. Links, workspaces, {@code file:} entries and
 * bundled dependencies (inside their parent's tarball) are skipped (listed in {@link #skipped});
 * git dependencies, a package without integrity and
 * lockfileVersion 1 are errors. {@code sha256} is the hash of the file's bytes, so any edit makes
 * the manifest entry stale.
 */
public record NpmLockfile(String sha256, List<Package> packages, List<String> skipped) {

  /** One registry package: {@code resolved} is empty when the lock omits it. */
  public record Package(String name, String version, Optional<String> resolved, String integrity) {
    /** {@code name@version}. */
    public String id() {
      return name + "@" + version;
    }
  }

  /** What is wrong with the file, in words that name the package (no location: JSON paths say enough). */
  public static final class Invalid extends Exception {
    public Invalid(String message) {
      super(message);
    }
  }

  private static final Pattern NAME = Pattern.compile("(?:@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+-]{1,256}");
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public NpmLockfile {
    packages = List.copyOf(packages);
    skipped = List.copyOf(skipped);
  }

  public static NpmLockfile parse(byte[] bytes) throws Invalid {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new Invalid("not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new Invalid("cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Invalid("not a package-lock.json (no JSON object)");
    }
    int version = root.path("lockfileVersion").asInt(0);
    if (version == 1) {
      throw new Invalid("is lockfileVersion 1, which lists no packages by path; rewrite it with "
          + "`npm install --lockfile-version 3` (npm 7 or later)");
    }
    if (version != 2 && version != 3) {
      throw new Invalid("has lockfileVersion " + root.path("lockfileVersion")
          + "; airlock reads versions 2 and 3 (npm 7 or later)");
    }
    JsonNode pkgs = root.path("packages");
    if (!pkgs.isObject()) {
      throw new Invalid("has no \"packages\" object");
    }
    Map<String, Package> byId = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = pkgs.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode p = e.getValue();
      if (key.isEmpty()) {
        continue; // the project itself
      }
      int at = key.lastIndexOf("node_modules/");
      String resolved = p.path("resolved").asText("");
      if (p.path("link").asBoolean(false) || p.path("inBundle").asBoolean(false) || at < 0
          || resolved.startsWith("file:")) {
        skipped.add(key);
        continue;
      }
      if (resolved.startsWith("git") || resolved.startsWith("github:")) {
        problems.add(key + ": a git dependency (" + shortUrl(resolved) + ") is not supported yet;"
            + " publish it to the registry or vendor it as a git source");
        continue;
      }
      String name = p.path("name").asText(key.substring(at + "node_modules/".length()));
      String ver = p.path("version").asText("");
      if (!NAME.matcher(name).matches() || name.length() > 214) {
        problems.add(key + ": not an npm package name: " + name);
        continue;
      }
      if (!VERSION.matcher(ver).matches()) {
        problems.add(key + ": no usable \"version\"");
        continue;
      }
      String integrity = p.path("integrity").asText("");
      if (integrity.isBlank()) {
        problems.add(key + " (" + name + "@" + ver + "): no \"integrity\"; airlock checks every tarball against it"
            + " (run `npm install` to add it)");
        continue;
      }
      if (!resolved.isEmpty() && !resolved.startsWith("https://") && !resolved.startsWith("http://")) {
        problems.add(key + ": \"resolved\" is not an http(s) URL: " + shortUrl(resolved));
        continue;
      }
      Package pkg = new Package(name, ver, Optional.of(resolved).filter(r -> !r.isEmpty()), integrity.strip());
      Package prev = byId.putIfAbsent(pkg.id(), pkg);
      if (prev != null && !prev.integrity().equals(pkg.integrity())) {
        problems.add(key + ": " + pkg.id() + " is locked twice with different integrity");
      } else if (prev != null && prev.resolved().isEmpty() && pkg.resolved().isPresent()) {
        byId.put(pkg.id(), pkg);
      }
    }
    if (!problems.isEmpty()) {
      throw new Invalid(problems.size() == 1 ? problems.get(0)
          : problems.size() + " problems:\n    " + String.join("\n    ", problems));
    }
    return new NpmLockfile(sha256(bytes), List.copyOf(byId.values()), skipped);
  }

  /** No credentials in messages: the user-info of a URL is dropped. */
  private static String shortUrl(String url) {
    return url.replaceFirst("^([a-z+]+://)[^/@]*@", "$1");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
