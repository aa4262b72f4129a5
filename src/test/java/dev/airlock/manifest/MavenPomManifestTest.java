package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maven: { pom: }}: the block's errors (file:line:column), the reactor's POMs and the fingerprint. */
class MavenPomManifestTest {
  @TempDir Path dir;

  Manifest parse(String maven) {
    String yaml = "version: 1\nsources:\n  - name: app\n    maven: " + maven + "\n";
    return ManifestReader.parse(yaml, dir.resolve("fetch.yaml"), "fetch.yaml", new Environment(Map.of(), dir, dir));
  }

  List<String> errors(String maven) {
    return assertThrows(ManifestException.class, () -> parse(maven)).errors();
  }

  void pom(String path, String body) throws Exception {
    Files.createDirectories(dir.resolve(path).getParent());
    Files.writeString(dir.resolve(path), "<project><modelVersion>4.0.0</modelVersion>" + body + "</project>");
  }

  @Test
  void aReactorsPomsAreItsInputsAndEditingOneChangesTheFingerprint() throws Exception {
    pom("app/pom.xml", "<modules><module>core</module></modules><profiles><profile><modules><module>extra/pom.xml</module>"
        + "</modules></profile></profiles>");
    pom("app/core/pom.xml", "<artifactId>core</artifactId>");
    pom("app/extra/pom.xml", "<artifactId>extra</artifactId>");
    MavenPomSource s = (MavenPomSource) parse("{ repositories: [https://a.example/m2, https://b.example/m2], pom: app/pom.xml, "
        + "hosts: [cdn.example, 'mirror.example:8443'] }").sources().get(0);
    assertEquals(List.of(dir.resolve("app/pom.xml"), dir.resolve("app/core/pom.xml"), dir.resolve("app/extra/pom.xml")),
        s.inputFiles());
    assertEquals(List.of("https://a.example/m2", "https://b.example/m2"), s.repositories());
    assertEquals(List.of("cdn.example", "mirror.example:8443"), s.hosts());
    String before = s.fingerprint();
    pom("app/core/pom.xml", "<artifactId>core</artifactId><!-- edited -->");
    assertNotEquals(before, parse("{ repositories: [https://a.example/m2, https://b.example/m2], pom: app/pom.xml, "
        + "hosts: [cdn.example, 'mirror.example:8443'] }").sources().get(0).fingerprint());
  }

  @Test
  void errorsNameTheirPlace() throws Exception {
    pom("pom.xml", "<modules><module>gone</module></modules>");
    assertEquals(List.of("fetch.yaml:4:53: sources[0].maven.pom: " + dir.resolve("missing.xml") + " does not exist (or is not a file)"),
        errors("{ repository: https://a.example/m2, pom: missing.xml }"));
    assertTrue(errors("{ repository: https://a.example/m2, pom: pom.xml }").get(0).contains("lists module 'gone'"));
    pom("pom.xml", "");
    assertEquals(List.of("fetch.yaml:4:48: sources[0].maven.repositories: give either repository: or repositories:, not both"),
        errors("{ repository: https://a.example/m2, repositories: [https://b.example], pom: pom.xml }"));
    assertEquals(List.of("fetch.yaml:4:28: sources[0].maven.repositories: must list at least one repository URL"),
        errors("{ repositories: [], pom: pom.xml }"));
    assertEquals(List.of("fetch.yaml:4:62: sources[0].maven.artifact: give either artifact: or pom:, not both"),
        errors("{ repository: https://a.example/m2, pom: pom.xml, artifact: 'a:b:1' }"));
    assertEquals(List.of("fetch.yaml:4:70: sources[0].maven.hosts[0]: must be HOST or HOST:PORT (no scheme, path or credentials)"),
        errors("{ repository: https://a.example/m2, pom: pom.xml, hosts: ['https://x.example/'] }"));
    assertEquals(List.of("fetch.yaml:4:12: sources[0].maven.repository: required key is missing"),
        errors("{ pom: pom.xml }"));
  }
}
