package dev.airlock.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * CycloneDX 1.6 JSON. Field order is fixed and nothing depends on the clock unless a timestamp is
 * asked for, so the same lock gives the same bytes; the serial number is derived from the content.
 */
final class CycloneDxWriter {
  static final String SPEC_VERSION = "1.6";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CycloneDxWriter() {}

  static String write(List<SbomComponent> components, String toolVersion, Optional<Instant> timestamp) {
    ObjectNode bom = JSON.createObjectNode();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", SPEC_VERSION);
    bom.put("version", 1);
    ObjectNode metadata = bom.putObject("metadata");
    timestamp.ifPresent(t -> metadata.put("timestamp", t.truncatedTo(ChronoUnit.SECONDS).toString()));
    ObjectNode tool = metadata.putObject("tools").putArray("components").addObject();
    tool.put("type", "application");
    tool.put("name", "airlock");
    tool.put("version", toolVersion);
    ArrayNode list = bom.putArray("components");
    components.forEach(c -> component(list.addObject(), c));
    ObjectNode out = JSON.createObjectNode();
    out.put("bomFormat", "CycloneDX");
    out.put("specVersion", SPEC_VERSION);
    out.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(render(bom).getBytes(StandardCharsets.UTF_8)));
    bom.fields().forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
    return render(out) + "\n";
  }

  private static void component(ObjectNode n, SbomComponent c) {
    String ref = c.ref();
    n.put("type", c.type());
    n.put("bom-ref", ref);
    n.put("name", c.name());
    c.version().ifPresent(v -> n.put("version", v));
    if (!c.hashes().isEmpty()) {
      ArrayNode hashes = n.putArray("hashes");
      c.hashes().forEach((alg, hex) -> hashes.addObject().put("alg", alg).put("content", hex));
    } else if (c.files().size() == 1) {
      hashes(n, c.files().values().iterator().next());
    }
    c.purl().ifPresent(p -> n.put("purl", p));
    if (!c.references().isEmpty()) {
      ArrayNode refs = n.putArray("externalReferences");
      for (SbomComponent.Reference r : c.references()) {
        ObjectNode o = refs.addObject();
        o.put("type", r.type());
        o.put("url", r.url());
        r.comment().ifPresent(cm -> o.put("comment", cm));
      }
    }
    ArrayNode props = n.putArray("properties");
    c.properties().forEach((k, v) -> props.addObject().put("name", k).put("value", v));
    if (!c.files().isEmpty()) {
      ArrayNode files = n.putArray("components");
      c.files().forEach((path, sha) -> {
        ObjectNode f = files.addObject();
        f.put("type", "file");
        f.put("bom-ref", ref + "/" + path);
        f.put("name", path);
        hashes(f, sha);
      });
    }
  }

  private static void hashes(ObjectNode n, String sha256) {
    n.putArray("hashes").addObject().put("alg", "SHA-256").put("content", sha256);
  }

  private static String render(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
