package dev.airlock.scan.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images an archive or layout holds, read from OCI {@code index.json} (following nested
 * indexes) or, failing that, Docker's {@code manifest.json}: per image, its config member and its
 * layers in order, as member names of the archive.
 */
final class ImageLayout {
  record Layer(String member, String mediaType) {}

  record Image(String name, Optional<String> config, List<Layer> layers) {}

  static final Set<String> LAYER_TYPES = Set.of(
      "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
      "application/vnd.oci.image.layer.v1.tar+zstd", "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "application/vnd.docker.image.rootfs.diff.tar", "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  private ImageLayout() {}

  static String member(String digest) {
    return "blobs/" + digest.replaceFirst(":", "/");
  }

  /** Every image described by the metadata; {@code json} maps member names to parsed JSON members. */
  static List<Image> read(Map<String, JsonNode> json, List<String> problems) {
    List<Image> images = new ArrayList<>();
    JsonNode index = json.get("index.json");
    if (index != null) {
      fromIndex(index, "index.json", json, images, new LinkedHashSet<>(), problems);
    }
    JsonNode manifest = json.get("manifest.json");
    if (images.isEmpty() && manifest != null && manifest.isArray()) {
      for (JsonNode m : manifest) {
        List<Layer> layers = new ArrayList<>();
        m.path("Layers").forEach(l -> layers.add(new Layer(l.asText(), "")));
        String name = m.path("RepoTags").size() > 0 ? m.path("RepoTags").get(0).asText() : m.path("Config").asText();
        images.add(new Image(name, Optional.of(m.path("Config").asText()).filter(s -> !s.isEmpty()), layers));
      }
    }
    return images;
  }

  private static void fromIndex(JsonNode index, String name, Map<String, JsonNode> json, List<Image> images,
      Set<String> seen, List<String> problems) {
    if (!seen.add(name)) {
      return;
    }
    for (JsonNode d : index.path("manifests")) {
      String member = member(d.path("digest").asText());
      JsonNode doc = json.get(member);
      if (doc == null) {
        problems.add(member + " (named by " + name + ")");
        continue;
      }
      if (doc.has("manifests")) {
        fromIndex(doc, member, json, images, seen, problems);
      } else if (doc.has("layers") || doc.has("config")) {
        List<Layer> layers = new ArrayList<>();
        doc.path("layers").forEach(l -> layers.add(new Layer(member(l.path("digest").asText()),
            l.path("mediaType").asText(""))));
        String ref = d.path("annotations").path("org.opencontainers.image.ref.name").asText(member);
        String config = doc.path("config").path("digest").asText("");
        images.add(new Image(ref, config.isEmpty() ? Optional.empty() : Optional.of(member(config)), layers));
      }
    }
  }
}
