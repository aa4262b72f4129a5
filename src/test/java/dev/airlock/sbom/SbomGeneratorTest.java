package dev.airlock.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.lock.LockEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class SbomGeneratorTest {
  static final String H1 = "a".repeat(64);
  static final String H2 = "b".repeat(64);
  static final String H3 = "c".repeat(64);

  /** One entry of each kind, with the resolved keys their fetchers write. */
  static List<LockEntry> entries() {
    return List.of(
        LockEntry.of("model", "http", "sha256:" + H3,
            Map.of("url", "https://artifacts.corp.example/models/v3.bin?…", "sha256", H1,
                "finalUrl", "https://cdn.corp.example/blobs/v3.bin"),
            Map.of("files/model/v3.bin", H1)),
        LockEntry.of("assets", "http", "sha256:" + H3,
            Map.of("url", "https://artifacts.corp.example/assets.tar.gz", "sha256", H2),
            Map.of("files/assets/a.txt", H1, "files/assets/b/c.txt", H2, "files/assets/link", "link:a.txt")),
        LockEntry.of("config-repo", "git", "sha256:" + H3,
            Map.of("url", "ssh://git@git.corp.example/platform/config.git", "ref", "v2.1.0",
                "commit", "0123456789abcdef0123456789abcdef01234567", "tree", "sha256:" + H2),
            Map.of("git/config-repo/templates/app.yaml", H1)),
        LockEntry.of("internal-lib", "pypi", "sha256:" + H3,
            Map.of("project", "internal-lib", "version", "1.4.2", "index", "https://pypi.corp.example/simple",
                "url.internal_lib-1.4.2-py3-none-any.whl",
                "https://pypi.corp.example/packages/internal_lib-1.4.2-py3-none-any.whl"),
            Map.of("pypi/internal_lib-1.4.2-py3-none-any.whl", H2)),
        LockEntry.of("commons", "maven", "sha256:" + H3,
            Map.of("version", "2.3.0", "url.commons-2.3.0.jar",
                "https://maven.corp.example/releases/com/corp/commons/2.3.0/commons-2.3.0.jar",
                "checksum.commons-2.3.0.jar", "sha1"),
            Map.of("maven/com/corp/commons/2.3.0/commons-2.3.0.jar", H1,
                "maven/com/corp/commons/2.3.0/commons-2.3.0.jar.sha1", H2)),
        LockEntry.of("ui-kit", "npm", "sha256:" + H3,
            Map.of("version", "3.2.1", "tarball", "https://npm.corp.example/@corp/ui-kit/-/ui-kit-3.2.1.tgz",
                "integrity", "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64])),
            Map.of("npm/corp-ui-kit-3.2.1.tgz", H3)),
        LockEntry.of("leftpad", "npm", "sha256:" + H3,
            Map.of("version", "1.3.0", "tarball", "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"),
            Map.of("npm/left-pad-1.3.0.tgz", H1)));
  }

  static String render() {
    return SbomGenerator.render(entries(), "test", Optional.empty());
  }

  static void assertValid(String json) throws IOException {
    List<ParseException> errors = new JsonParser().validate(json, Version.VERSION_16);
    assertTrue(errors.isEmpty(), () -> "not valid CycloneDX 1.6: " + errors);
  }

  @Test
  void validAgainstTheCycloneDx16Schema() throws Exception {
    String json = render();
    assertValid(json);
    Bom bom = new JsonParser().parse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals("1.6", bom.getSpecVersion());
    assertEquals(7, bom.getComponents().size());
    // the check can fail: a component type the schema does not know
    String broken = json.replaceFirst("\"type\" : \"file\"", "\"type\" : \"tarball\"");
    assertFalse(new JsonParser().validate(broken, Version.VERSION_16).isEmpty());
  }

  @Test
  void everyComponentHasAHash() throws Exception {
    JsonNode bom = new ObjectMapper().readTree(render());
    for (JsonNode c : bom.path("components")) {
      JsonNode hashes = c.path("hashes");
      assertTrue(hashes.isArray() && hashes.size() > 0, c.path("name").asText() + " has no hash");
      for (JsonNode h : hashes) {
        assertTrue(h.path("content").asText().matches("[0-9a-f]{64}|[0-9a-f]{128}"), h.toString());
      }
    }
    Map<String, JsonNode> byName = new TreeMap<>();
    bom.path("components").forEach(c -> byName.put(c.path("name").asText(), c));
    assertEquals(H1, byName.get("commons").path("hashes").get(0).path("content").asText(), "maven: the jar");
    assertEquals(H2, byName.get("config-repo").path("hashes").get(0).path("content").asText(), "git: the tree");
    assertEquals(H2, byName.get("assets").path("hashes").get(0).path("content").asText(), "http: the archive");
    assertEquals("SHA-512", byName.get("ui-kit").path("hashes").get(1).path("alg").asText(), "npm: integrity");
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/golden/sbom.json")) {
      String golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!golden.equals(render()) && System.getenv("UPDATE_GOLDEN") != null) {
        Files.writeString(Path.of("src/test/resources/golden/sbom.json"), render());
      }
      assertEquals(golden, render());
    }
  }

  @Test
  void deterministicWithAContentDerivedSerial() throws IOException {
    assertEquals(render(), render());
    String other = SbomGenerator.render(entries().subList(0, 3), "test", Optional.empty());
    JsonNode a = new ObjectMapper().readTree(render());
    JsonNode b = new ObjectMapper().readTree(other);
    assertNotEquals(a.get("serialNumber"), b.get("serialNumber"));
    assertFalse(render().contains("timestamp"));
    String stamped = SbomGenerator.render(entries(), "test", Optional.of(Instant.parse("2026-01-02T03:04:05.678Z")));
    assertTrue(stamped.contains("\"timestamp\" : \"2026-01-02T03:04:05Z\""));
    assertValid(stamped);
  }

  @Test
  void purlsPerEcosystem() throws Exception {
    JsonNode comps = new ObjectMapper().readTree(render()).get("components");
    Map<String, String> purls = new TreeMap<>();
    comps.forEach(c -> purls.put(c.get("name").asText(), c.get("purl").asText()));
    assertPurl(purls.get("ui-kit"), "npm", "@corp", "ui-kit", "3.2.1",
        Map.of("repository_url", "https://npm.corp.example"));
    assertEquals("pkg:npm/%40corp/ui-kit@3.2.1?repository_url=https%3A%2F%2Fnpm.corp.example", purls.get("ui-kit"));
    assertPurl(purls.get("leftpad"), "npm", null, "left-pad", "1.3.0", Map.of());
    assertPurl(purls.get("commons"), "maven", "com.corp", "commons", "2.3.0",
        Map.of("repository_url", "https://maven.corp.example/releases"));
    assertPurl(purls.get("internal-lib"), "pypi", null, "internal-lib", "1.4.2",
        Map.of("repository_url", "https://pypi.corp.example/simple"));
    assertPurl(purls.get("model"), "generic", null, "model", null,
        Map.of("download_url", "https://artifacts.corp.example/models/v3.bin", "checksum", "sha256:" + H1));
    String commit = "0123456789abcdef0123456789abcdef01234567";
    assertPurl(purls.get("config-repo"), "generic", null, "config-repo", commit,
        Map.of("vcs_url", "git+ssh://git.corp.example/platform/config.git@" + commit));
    JsonNode git = find(comps, "config-repo").get("externalReferences").get(0);
    assertEquals("vcs", git.get("type").asText());
    assertEquals("ssh://git.corp.example/platform/config.git", git.get("url").asText());
  }

  private static JsonNode find(JsonNode comps, String name) {
    for (JsonNode c : comps) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError(name);
  }

  private static void assertPurl(String purl, String type, String ns, String name, String version,
      Map<String, String> qualifiers) throws MalformedPackageURLException {
    PackageURL p = new PackageURL(purl);
    assertEquals(type, p.getType(), purl);
    assertEquals(ns, p.getNamespace(), purl);
    assertEquals(name, p.getName(), purl);
    assertEquals(version, p.getVersion(), purl);
    assertEquals(qualifiers, p.getQualifiers() == null ? Map.of() : p.getQualifiers(), purl);
  }

  @Test
  void everyPackageOfAnNpmLockfileClosureIsAComponentWithItsPurlAndHash() throws Exception {
    String sri = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
    LockEntry app = LockEntry.of("app", "npm", "sha256:" + H3,
        Map.of("registry", "https://npm.corp.example/reg",
            "pkg:npm/express@4.21.2", "https://npm.corp.example/reg/express/-/express-4.21.2.tgz " + sri,
            "pkg:npm/%40babel/core@7.26.0", "https://npm.corp.example/reg/@babel/core/-/core-7.26.0.tgz " + sri),
        Map.of("npm/_cacache/content-v2/sha512/00/00/" + "0".repeat(124), H1));
    String json = SbomGenerator.render(List.of(app), "test", Optional.empty());
    assertValid(json);
    JsonNode comps = new ObjectMapper().readTree(json).get("components");
    assertEquals(3, comps.size(), json);
    assertEquals("pkg:generic/app", comps.get(0).get("purl").asText());
    JsonNode babel = comps.get(1);
    assertEquals("@babel/core", babel.get("name").asText());
    assertEquals("7.26.0", babel.get("version").asText());
    assertEquals("pkg:npm/%40babel/core@7.26.0", babel.get("purl").asText());
    assertEquals("airlock:source/app/pkg:npm/%40babel/core@7.26.0", babel.get("bom-ref").asText());
    assertEquals("SHA-512", babel.get("hashes").get(0).get("alg").asText());
    assertEquals("0".repeat(128), babel.get("hashes").get(0).get("content").asText());
    assertEquals("https://npm.corp.example/reg/@babel/core/-/core-7.26.0.tgz",
        babel.get("externalReferences").get(0).get("url").asText());
    assertEquals("pkg:npm/express@4.21.2", comps.get(2).get("purl").asText());
  }

  @Test
  void urlsNeverCarryUserInfoOrQuery() {
    LockEntry e = LockEntry.of("x", "http", "sha256:" + H3,
        Map.of("url", "https://user:CANARY-pw@host.example/f.bin?private_token=CANARY-q#frag", "sha256", H1),
        Map.of("files/x/f.bin", H1));
    String json = SbomGenerator.render(List.of(e), "test", Optional.empty());
    assertFalse(json.contains("CANARY"), json);
    assertFalse(json.contains("user"), json);
    assertTrue(json.contains("https://host.example/f.bin"));
  }

  @Test
  void linksHaveNoHashAndAreLeftOut() throws IOException {
    JsonNode assets = new ObjectMapper().readTree(render()).get("components").get(0);
    assertEquals("assets", assets.get("name").asText());
    assertEquals(2, assets.get("components").size());
    assertEquals(H2, assets.get("hashes").get(0).get("content").asText(), "several files: the archive's own hash");
  }
}
