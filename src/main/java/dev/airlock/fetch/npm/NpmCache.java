package dev.airlock.fetch.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.error.FetchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * npm's own cache layout (cacache, as make-fetch-happen and pacote use it), so that
 * {@code npm ci --offline --cache vendor/npm} installs from the vendor dir alone:
 * <ul>
 *   <li>{@code _cacache/content-v2/ALG/xx/yy/REST}: a file by the hex of its digest. pacote reads
 *       a tarball straight from here when the lock gives both {@code resolved} and
 *       {@code integrity}.
 *   <li>{@code _cacache/index-v5/xx/yy/REST} (REST = sha256 hex of the key): lines
 *       {@code \n SHA1(JSON) \t JSON}, one cached HTTP response each, keyed
 *       {@code make-fetch-happen:request-cache:URL}. A lock without {@code resolved} makes npm ask
 *       for the packument first, then for the tarball it names, even offline; so for those
 *       packages airlock writes a minimal packument (the locked versions, their tarball URL and
 *       integrity) and index entries for it and for each tarball URL. make-fetch-happen matches a
 *       cached response only when the request's {@code Accept} negotiates the same media types,
 *       so the packument is indexed under both Accept values npm sends (the abbreviated
 *       "corgi" one and {@code application/json}). {@code time} is 0 so the files are the same
 *       on every run; {@code --offline} uses a cached response however old it is.
 * </ul>
 */
final class NpmCache {
  static final String ROOT = "npm/_cacache";
  static final String KEY_PREFIX = "make-fetch-happen:request-cache:";
  static final List<String> PACKUMENT_ACCEPT = List.of(NpmFetcher.ACCEPT, "application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private NpmCache() {}

  /** {@code npm/_cacache/content-v2/sha512/xx/yy/rest}. */
  static String contentPath(Integrity i) {
    String hex = i.hex();
    return ROOT + "/content-v2/" + i.algorithm() + "/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/"
        + hex.substring(4);
  }

  static String indexPath(String key) {
    String hex = hex("SHA-256", key.getBytes(StandardCharsets.UTF_8));
    return ROOT + "/index-v5/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex.substring(4);
  }

  /** One cached GET response: the URL, the request's Accept (null for none), the body's integrity and size. */
  record Response(String url, String accept, String integrity, long size, String contentType) {}

  /**
   * Writes the bucket of each URL's index entries, and each given body as content; returns
   * vendor path → sha256 of everything written.
   */
  static SortedMap<String, String> write(Path staging, List<Response> responses, List<byte[]> bodies) {
    SortedMap<String, String> written = new TreeMap<>();
    SortedMap<String, StringBuilder> buckets = new TreeMap<>();
    for (Response r : responses) {
      String key = KEY_PREFIX + r.url();
      buckets.computeIfAbsent(indexPath(key), k -> new StringBuilder()).append(line(key, r));
    }
    try {
      for (byte[] body : bodies) {
        String path = contentPath(sha512(body));
        put(staging, path, body, written);
      }
      for (var b : buckets.entrySet()) {
        put(staging, b.getKey(), b.getValue().toString().getBytes(StandardCharsets.UTF_8), written);
      }
    } catch (IOException e) {
      throw new FetchException("cannot write npm's cache index: " + e.getMessage());
    }
    return written;
  }

  static Integrity sha512(byte[] body) {
    byte[] d = digest("SHA-512", body);
    return new Integrity("sha512", "SHA-512", d, false);
  }

  private static void put(Path staging, String path, byte[] bytes, SortedMap<String, String> written)
      throws IOException {
    Path p = staging.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    written.put(path, hex("SHA-256", bytes));
  }

  private static String line(String key, Response r) {
    ObjectNode e = JSON.createObjectNode();
    e.put("key", key);
    e.put("integrity", r.integrity());
    e.put("time", 0);
    e.put("size", r.size());
    ObjectNode meta = e.putObject("metadata");
    meta.put("time", 0);
    meta.put("url", r.url());
    ObjectNode req = meta.putObject("reqHeaders");
    if (r.accept() != null) {
      req.put("accept", r.accept());
    }
    meta.putObject("resHeaders").put("content-type", r.contentType());
    meta.putObject("options").put("compress", true);
    String json;
    try {
      json = JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
    return "\n" + hex("SHA-1", json.getBytes(StandardCharsets.UTF_8)) + "\t" + json;
  }

  static String sri(byte[] body) {
    return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", body));
  }

  private static byte[] digest(String alg, byte[] bytes) {
    try {
      return MessageDigest.getInstance(alg).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(String alg, byte[] bytes) {
    return HexFormat.of().formatHex(digest(alg, bytes));
  }
}
