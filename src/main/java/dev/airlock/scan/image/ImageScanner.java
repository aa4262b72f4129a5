package dev.airlock.scan.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.core.BlobScanner;
import dev.airlock.scan.core.ContentScanner;
import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.FindingSink;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.LimitExceeded;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.core.Tally;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scans a container image (docker-archive from {@code docker save}, OCI layout folder or tarball):
 * every member on its own, so each layer is scanned separately and a file that a later layer deletes
 * (whiteout, opaque folder) or overwrites is still found and reported as "in image history"; JSON
 * members (configs, manifests, legacy per-layer {@code json}) string by string with the config rules;
 * blobs that are not layers are scanned too. Layer order and media types come from
 * {@code index.json} or {@code manifest.json}; what they name but the archive lacks, and media types
 * that are not known layer formats, are findings.
 */
public final class ImageScanner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScanContext outer;

  public ImageScanner(BlobScanner blobs) {
    this.outer = blobs.context();
  }

  public void scan(Path input, String display) throws IOException {
    ScanResult buffer = new ScanResult();
    ScanContext ctx = new ScanContext(outer.needles(), outer.fingerprints(), buffer, outer.limits(), outer.tempDir(),
        outer.fileRules());
    BlobScanner blobs = new BlobScanner(ctx);
    ContentScanner content = new ContentScanner(ctx);
    ImageConfigRules rules = new ImageConfigRules(ctx);
    Map<String, JsonNode> json = new HashMap<>();
    Map<String, LayerIndex> indexes = new HashMap<>();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    Location root = Location.of(display);
    ImageMembers.forEach(input, (name, size, raw) -> {
      Location at = root.child(name);
      Tally tally = new Tally();
      tallies.put(name, tally);
      try {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        if (size <= ctx.limits().maxInMemory() && startsJson(in)) {
          byte[] data = in.readAllBytes();
          JsonNode node = parse(data);
          if (node != null) {
            json.put(name, node);
            JsonStrings.scan(node, "", content, at);
            if (ImageConfigRules.isConfig(node)) {
              rules.check(node, at);
            }
            tally.files.incrementAndGet();
            tally.bytes.addAndGet(data.length);
            return;
          }
          blobs.scanStream(new ByteArrayInputStream(data), name, at, 1, tally, null);
          return;
        }
        LayerIndex index = new LayerIndex();
        indexes.put(name, index);
        blobs.scanStream(in, name, at, 1, tally, index::add);
      } catch (LimitExceeded e) {
        buffer.finding(new Finding(Rule.COVERAGE_PARTIAL, at, "", e.getMessage()));
      }
    });
    new ImageReport(display, outer.sink()).report(json, indexes, tallies, buffer);
  }

  private static boolean startsJson(BufferedInputStream in) throws IOException {
    in.mark(64);
    int c;
    do {
      c = in.read();
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    in.reset();
    return c == '{' || c == '[';
  }

  private static JsonNode parse(byte[] data) {
    try {
      return JSON.readTree(data);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Relabels buffered findings with layer numbers and history notes; adds coverage. */
  private record ImageReport(String display, FindingSink sink) {
    void report(Map<String, JsonNode> json, Map<String, LayerIndex> indexes, Map<String, Tally> tallies,
        ScanResult buffer) {
      List<String> missing = new ArrayList<>();
      List<ImageLayout.Image> images = ImageLayout.read(json, missing);
      Location root = Location.of(display);
      if (images.isEmpty()) {
        sink.finding(new Finding(Rule.COVERAGE_PARTIAL, root, "",
            "no index.json or manifest.json: every member was scanned, but layer order and deletions are unknown"));
      }
      Map<String, String> labels = new HashMap<>();
      Map<String, Integer> position = new HashMap<>();
      Map<String, List<LayerIndex>> stacks = new HashMap<>();
      for (ImageLayout.Image img : images) {
        List<LayerIndex> stack = new ArrayList<>();
        img.config().ifPresent(c -> labels.putIfAbsent(c, "config " + shortName(c)));
        img.config().filter(c -> !tallies.containsKey(c)).ifPresent(c -> missing.add(c + " (config of " + img.name() + ")"));
        for (int i = 0; i < img.layers().size(); i++) {
          ImageLayout.Layer l = img.layers().get(i);
          stack.add(indexes.getOrDefault(l.member(), new LayerIndex()));
          String label = "layer " + (i + 1) + "/" + img.layers().size() + " " + shortName(l.member());
          if (labels.putIfAbsent(l.member(), label) == null) {
            position.put(l.member(), i);
            stacks.put(l.member(), stack);
          }
          if (!tallies.containsKey(l.member())) {
            missing.add(l.member() + " (" + label + " of " + img.name() + ")");
          } else if (!l.mediaType().isEmpty() && !ImageLayout.LAYER_TYPES.contains(l.mediaType())
              && !l.mediaType().endsWith("json")) {
            sink.finding(new Finding(Rule.COVERAGE_MEDIA_TYPE, root.child(label), "", l.mediaType()));
          }
          Tally t = tallies.get(l.member());
          if (t != null) {
            sink.coverage(new Coverage(root.child(label).display(), Coverage.Status.SCANNED,
                l.mediaType().isEmpty() ? "layer" : l.mediaType(), t.files.get(), t.bytes.get()));
          }
        }
      }
      for (String m : missing) {
        sink.finding(new Finding(Rule.COVERAGE_MISSING_BLOB, root, "", m));
      }
      for (Finding f : buffer.findings()) {
        sink.finding(relabel(f, labels, position, stacks));
      }
      for (Map.Entry<String, Tally> e : tallies.entrySet()) {
        if (!labels.containsKey(e.getKey()) || labels.get(e.getKey()).startsWith("config")) {
          String why = labels.containsKey(e.getKey()) ? "image config"
              : json.containsKey(e.getKey()) || e.getKey().endsWith("/VERSION") || e.getKey().equals("oci-layout")
              ? "metadata" : "not a layer of any image: scanned as a blob";
          sink.coverage(new Coverage(root.child(e.getKey()).display(), Coverage.Status.SCANNED, why,
              e.getValue().files.get(), e.getValue().bytes.get()));
        }
      }
      buffer.coverage().forEach(sink::coverage);
    }

    private static Finding relabel(Finding f, Map<String, String> labels, Map<String, Integer> position,
        Map<String, List<LayerIndex>> stacks) {
      List<String> parts = f.location().parts();
      if (parts.size() < 2 || !labels.containsKey(parts.get(1))) {
        return f;
      }
      String member = parts.get(1);
      Location loc = f.location().withPart(1, labels.get(member));
      Integer i = position.get(member);
      if (i != null && parts.size() >= 3) {
        Optional<String> history = LayerIndex.history(stacks.get(member), i, parts.get(2));
        loc = loc.withNote(history.orElse("present in the final image"));
      }
      return new Finding(f.rule(), loc, f.subject(), f.detail());
    }

    /** {@code blobs/sha256/HEX} and legacy {@code HEX.json} → {@code sha256:HEX12}; {@code ID/layer.tar} → {@code ID12}. */
    private static String shortName(String member) {
      if (member.startsWith("blobs/")) {
        String[] p = member.split("/");
        String hex = p[p.length - 1];
        return p[p.length - 2] + ":" + hex.substring(0, Math.min(12, hex.length()));
      }
      if (member.matches("[0-9a-f]{64}\\.json")) {
        return "sha256:" + member.substring(0, 12);
      }
      if (member.matches("[0-9a-f]{64}/layer\\.tar")) {
        return member.substring(0, 12);
      }
      return member;
    }
  }
}
