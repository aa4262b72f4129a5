package dev.airlock.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.error.AirlockException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile Dockerfile templates: {@link Template#parse}, {@link TemplateLint#lint} and
 * {@link DockerfileGenerator#fromTemplate} return or throw our own {@link AirlockException}; no
 * other exception, no hang. A generated file keeps every line of the template except the marker
 * lines, which are gone (replaced by the vendor block).
 */
class DockerfileTemplateFuzzTest {
  private static final List<VendoredSource> SOURCES = List.of(
      new VendoredSource("model", "http", Optional.of("/opt/model"), List.of("files/model/m.bin")),
      new VendoredSource("lib", "pypi", Optional.empty(), List.of("pypi/lib-1.0-py3-none-any.whl")),
      new VendoredSource("ui", "npm", Optional.empty(), List.of("npm/ui-1.0.0.tgz")));

  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void template(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Template t;
    try {
      t = Template.parse("Dockerfile.in", text);
      TemplateLint.lint(t, Optional.empty(), "vendor");
    } catch (AirlockException refused) {
      return;
    }
    VendorBlock block = new VendorBlock("/opt/vendor", "vendor", SOURCES);
    String header = DockerfileGenerator.header("fetch.yaml", "Dockerfile.in");
    DockerfileGenerator.Result r;
    try {
      r = DockerfileGenerator.fromTemplate(header, t, SOURCES, block);
    } catch (AirlockException refused) {
      return;
    }
    List<Integer> markerLines = t.markers().stream().map(Template.Marker::index).toList();
    List<TextLines.Line> lines = t.text().lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).text().replace("\uFEFF", "");
      if (!markerLines.contains(i) && !line.isEmpty()) {
        assertTrue(r.content().contains(line), "template line " + (i + 1) + " lost");
      }
    }
    assertTrue(r.content().contains(header), "no header");
    // Marker-like lines that are not markers (in a heredoc body) stay; the markers themselves go.
    long before = lines.stream().filter(l -> isMarkerLike(l.text())).count();
    long after = r.content().lines().filter(DockerfileTemplateFuzzTest::isMarkerLike).count();
    assertEquals(before - t.markers().size(), after, "markers left in the output");
  }

  private static boolean isMarkerLike(String line) {
    return line.replace("\uFEFF", "").strip().matches("#\\s*airlock:vendor(\\s.*)?");
  }
}
