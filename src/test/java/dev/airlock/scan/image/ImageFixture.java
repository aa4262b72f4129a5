package dev.airlock.scan.image;

import static dev.airlock.scan.Fixtures.sha256;
import static dev.airlock.scan.Fixtures.tar;
import static dev.airlock.scan.Fixtures.utf8;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.Fixtures.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built images, as {@code docker save} (Docker 25+: OCI layout plus manifest.json), as an OCI
 * layout folder or tarball, or in the legacy docker-archive layout: no daemon needed.
 */
final class ImageFixture {
  static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final ObjectMapper JSON = new ObjectMapper();

  record Layer(byte[] blob, String mediaType) {
    static Layer tar(Entry... entries) throws IOException {
      return new Layer(dev.airlock.scan.Fixtures.tar(entries), "application/vnd.oci.image.layer.v1.tar");
    }

    static Layer gzip(Entry... entries) throws IOException {
      return new Layer(dev.airlock.scan.Fixtures.gzip(dev.airlock.scan.Fixtures.tar(entries)), GZIP_LAYER);
    }
  }

  /** An image config with the given env and history lines ({@code created_by}). */
  static byte[] config(List<String> env, List<String> history) throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("architecture", "amd64");
    c.put("os", "linux");
    c.put("config", Map.of("Env", env, "Cmd", List.of("python3")));
    List<Object> h = new ArrayList<>();
    history.forEach(line -> h.add(Map.of("created", "2024-01-01T00:00:00Z", "created_by", line)));
    c.put("history", h);
    c.put("rootfs", Map.of("type", "layers", "diff_ids", List.of()));
    return JSON.writeValueAsBytes(c);
  }

  static String digest(byte[] b) {
    return "sha256:" + sha256(b);
  }

  static String blob(byte[] b) {
    return "blobs/sha256/" + sha256(b);
  }

  private static byte[] manifest(byte[] config, List<Layer> layers) throws IOException {
    List<Object> ls = new ArrayList<>();
    for (Layer l : layers) {
      ls.add(Map.of("mediaType", l.mediaType(), "digest", digest(l.blob()), "size", l.blob().length));
    }
    return JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
        "mediaType", "application/vnd.oci.image.manifest.v1+json",
        "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", digest(config),
            "size", config.length),
        "layers", ls));
  }

  /** OCI layout members; with {@code dockerManifest}, also Docker's manifest.json (docker save). */
  static List<Entry> ociMembers(byte[] config, List<Layer> layers, boolean dockerManifest, List<byte[]> extraBlobs,
      boolean dropFirstLayerBlob) throws IOException {
    byte[] manifest = manifest(config, layers);
    byte[] index = JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(Map.of(
        "mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", digest(manifest),
        "size", manifest.length, "annotations", Map.of("org.opencontainers.image.ref.name", "app:latest")))));
    List<Entry> m = new ArrayList<>();
    m.add(Entry.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
    m.add(Entry.file("index.json", index));
    m.add(Entry.file(blob(manifest), manifest));
    m.add(Entry.file(blob(config), config));
    for (int i = 0; i < layers.size(); i++) {
      if (i > 0 || !dropFirstLayerBlob) {
        m.add(Entry.file(blob(layers.get(i).blob()), layers.get(i).blob()));
      }
    }
    extraBlobs.forEach(b -> m.add(Entry.file(blob(b), b)));
    if (dockerManifest) {
      List<String> paths = layers.stream().map(l -> blob(l.blob())).toList();
      m.add(Entry.file("manifest.json", JSON.writeValueAsBytes(List.of(Map.of("Config", blob(config),
          "RepoTags", List.of("app:latest"), "Layers", paths)))));
    }
    return m;
  }

  static byte[] dockerSave(byte[] config, Layer... layers) throws IOException {
    return tar(ociMembers(config, List.of(layers), true, List.of(), false).toArray(Entry[]::new));
  }

  static void ociDir(Path dir, byte[] config, List<Layer> layers) throws IOException {
    for (Entry e : ociMembers(config, layers, false, List.of(), false)) {
      Path p = dir.resolve(e.name());
      Files.createDirectories(p.getParent());
      Files.write(p, e.content());
    }
  }

  /** Docker before 25: {@code ID/layer.tar}, {@code ID/json}, {@code CONFIG.json}, manifest.json. */
  static byte[] legacyArchive(byte[] config, byte[] legacyJson, byte[]... layerTars) throws IOException {
    List<Entry> m = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < layerTars.length; i++) {
      String id = sha256(utf8("layer" + i));
      m.add(Entry.file(id + "/VERSION", "1.0"));
      m.add(Entry.file(id + "/json", i == 0 ? legacyJson : utf8("{\"id\":\"" + id + "\"}")));
      m.add(Entry.file(id + "/layer.tar", layerTars[i]));
      paths.add(id + "/layer.tar");
    }
    String cfg = sha256(config) + ".json";
    m.add(Entry.file(cfg, config));
    m.add(Entry.file("manifest.json", JSON.writeValueAsBytes(List.of(Map.of("Config", cfg,
        "RepoTags", List.of("old:1"), "Layers", paths)))));
    return tar(m.toArray(Entry[]::new));
  }
}
