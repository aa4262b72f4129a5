package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.common.Environment;
import dev.airlock.testing.ManifestSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code schema/fetch.schema.json} stays in step with the manifest reader: what the reader accepts
 * the schema accepts, literal secrets and unknown keys fail both, and the key lists match.
 */
class ManifestSchemaTest {
  static final Environment ENV = new Environment(Map.of(), Path.of("/home/dev"), Path.of("/work/proj"));
  /** The checkout itself: where fetch.example.yaml and the pom.xml its pom: source names live. */
  static final Environment HERE = new Environment(Map.of(), Path.of("/home/dev"), Path.of("").toAbsolutePath());

  static void bothAccept(String yaml) {
    ManifestReader.parse(yaml, Path.of("fetch.yaml"), "fetch.yaml", ENV); // throws if invalid
    List<String> errors = ManifestSchema.errors(yaml);
    assertTrue(errors.isEmpty(), () -> "schema rejects a valid manifest: " + errors + "\n" + yaml);
  }

  static void bothReject(String yaml) {
    assertThrows(ManifestException.class, () -> ManifestReader.parse(yaml, Path.of("fetch.yaml"), "fetch.yaml", ENV));
    assertFalse(ManifestSchema.errors(yaml).isEmpty(), () -> "schema accepts an invalid manifest:\n" + yaml);
  }

  @Test
  void theExampleManifest() throws IOException {
    String yaml = Files.readString(Path.of("fetch.example.yaml"));
    ManifestReader.parse(yaml, Path.of("fetch.example.yaml"), "fetch.example.yaml", HERE); // throws if invalid
    List<String> errors = ManifestSchema.errors(yaml);
    assertTrue(errors.isEmpty(), () -> "schema rejects the example: " + errors);
  }

  @Test
  void npmLockfileSources() {
    String ok = "version: 1\nsources:\n  - name: a\n    npm: { registry: https://r.example,"
        + " lockfile: web/package-lock.json, hosts: [cdn.example, '10.0.0.1:8443'] }\n";
    assertTrue(ManifestSchema.errors(ok).isEmpty(), () -> ManifestSchema.errors(ok).toString());
    for (String bad : List.of("package: 'a@1.0.0', lockfile: x.json", "package: 'a@1.0.0', hosts: [h.example]",
        "lockfile: x.json, hosts: ['https://h.example']", "lockfile: x.json, hosts: [H.EXAMPLE]")) {
      String yaml = "version: 1\nsources:\n  - name: a\n    npm: { registry: https://r.example, " + bad + " }\n";
      assertFalse(ManifestSchema.errors(yaml).isEmpty(), () -> "schema accepts " + bad);
      assertThrows(ManifestException.class, () -> ManifestReader.parse(yaml, Path.of("fetch.yaml"), "fetch.yaml", ENV));
    }
  }

  @Test
  void theInitTemplate() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/dev/airlock/init-fetch.yaml")) {
      bothAccept(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "version: 1\nsources: []\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a.bin }\n",
      "version: 1\nsources:\n  - name: a\n    credentials: none\n    http: { url: http://127.0.0.1:8080/a, extract: false }\n",
      "version: 1\ncredentials:\n  c: { netrc: { default: true } }\nsources:\n  - name: a\n    credentials: c\n"
          + "    dest: /opt/a\n    http: { url: 'https://h.example/a', sha256: 'sha256:AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12' }\n",
      "version: 1\ncredentials:\n  b: { basic: { username: u, passwordFile: ~/pw } }\n"
          + "  t: { token: { env: T, header: PRIVATE-TOKEN } }\nsources: []\ndocker: { base: 'python:3.12-slim', prefix: /opt/v }\n",
      "version: 1\ncredentials:\n  v: { helper: { command: [git-credential-vault, --role, ci], timeoutSeconds: 5 } }\n"
          + "  w: { helper: { command: [./bin/helper] } }\nsources: []\n",
      "version: 1\ntls: { caCerts: [ca.pem], clientCert: c.pem, clientKey: ~/c.key }\nsources: []\n",
      "version: 1\ncredentials:\n  n: { npmrc: {} }\n  f: { npmrc: { file: ~/ci.npmrc } }\n"
          + "  m: { mavenSettings: { server: corp-releases } }\n"
          + "  s: { mavenSettings: { server: corp, file: ci/settings.xml, settingsSecurity: ~/sec.xml } }\n"
          + "  p: { pypirc: { repository: corp, file: ~/.pypirc } }\nsources: []\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple, requirement: a==1, hosts: [f.example, 'f.example:8443'] }\n",
      "version: 1\nsources:\n  - name: a\n    git: { url: https://g.example/a.git, ref: v1, allowCaseCollisions: true }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a.tgz, extract: true, allowCaseCollisions: true }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a.bin, allowCaseCollisions: false }\n",
  })
  void validFixtures(String yaml) {
    bothAccept(yaml);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // literal secrets
      "version: 1\ncredentials:\n  c: { token: \"x\" }\nsources: []\n",
      "version: 1\ncredentials:\n  c: { token: { value: abc } }\nsources: []\n",
      "version: 1\ncredentials:\n  c: { basic: { username: u, password: hunter2 } }\nsources: []\n",
      "version: 1\npassword: hunter2\nsources: []\n",
      "version: 1\nsources:\n  - name: a\n    token: abc\n    http: { url: https://h.example/a }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: 'https://u:p@h.example/a' }\n",
      "version: 1\ncredentials:\n  v: { helper: { command: [helper, ghp_abcdefghijklmnopqrstuvwxyz0123456789] } }\nsources: []\n",
      "version: 1\ncredentials:\n  v: { helper: { command: [helper], password: x } }\nsources: []\n",
      // unknown keys, wrong shapes
      "version: 1\ncredentials:\n  v: { helper: { command: \"helper --store\" } }\nsources: []\n",
      "version: 1\ncredentials:\n  v: { helper: { command: [] } }\nsources: []\n",
      "version: 1\ncredentials:\n  v: { helper: { command: [h], timeoutSeconds: 0 } }\nsources: []\n",
      "version: 1\ncredentials:\n  n: { npmrc: { file: ~/.npmrc, _authToken: x } }\nsources: []\n",
      "version: 1\ncredentials:\n  n: { npmrc: \"//npm.example/:_authToken=x\" }\nsources: []\n",
      "version: 1\ncredentials:\n  m: { mavenSettings: { server: corp, password: x } }\nsources: []\n",
      "version: 1\ncredentials:\n  m: { mavenSettings: { file: ~/s.xml } }\nsources: []\n",
      "version: 1\ncredentials:\n  m: { mavenSettings: { server: \"a b\" } }\nsources: []\n",
      "version: 1\ncredentials:\n  p: { pypirc: { repository: pypi-AgEIcHlwaS5vcmcCJGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVm } }\nsources: []\n",
      "version: 1\ncredentials:\n  p: { pypirc: {} }\nsources: []\n",
      "version: 1\nsourcez: []\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a, sha: x }\n",
      "version: 1\nsources:\n  - name: A\n    http: { url: https://h.example/a }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: http://h.example/a }\n",
      "version: 2\nsources: []\n",
      "version: 1\ncredentials:\n  c: { netrc: {}, token: { env: T } }\nsources: []\n",
      "version: 1\ndocker: { base: x, template: y }\nsources: []\n",
      "version: 1\ntls: { clientCert: c.pem }\nsources: []\n",
      "version: 1\ntls: { clientKey: c.key, password: x }\nsources: []\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple, requirement: a==1, requirements: r.txt }\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple, requirements: r.txt, files: [x] }\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple, requirement: a==1, hosts: ['https://f.example'] }\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a.tgz, allowCaseCollisions: true }\n",
      "version: 1\nsources:\n  - name: a\n    http: { url: https://h.example/a.tgz, extract: false, allowCaseCollisions: true }\n",
      "version: 1\nsources:\n  - name: a\n    git: { url: https://g.example/a.git, ref: v1, allowCaseCollisions: \"yes\" }\n",
      "version: 1\nsources:\n  - name: a\n    pypi: { index: https://h.example/simple, requirement: a==1, allowCaseCollisions: true }\n",
  })
  void invalidFixtures(String yaml) {
    bothReject(yaml);
  }

  @Test
  void keyListsMatchTheReader() {
    JsonNode s = ManifestSchema.json();
    assertEquals(new TreeSet<>(ManifestParser.KEYS), names(s.get("properties")));
    assertEquals(new TreeSet<>(SourcesParser.KINDS), kinds(s.get("$defs").get("source").get("properties")));
    assertTrue(names(s.get("$defs").get("credential").get("properties")).containsAll(CredentialsParser.KINDS));
  }

  private static Set<String> names(JsonNode props) {
    Set<String> out = new TreeSet<>();
    props.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> kinds(JsonNode sourceProps) {
    Set<String> out = names(sourceProps);
    out.removeAll(Set.of("name", "credentials", "dest"));
    return out;
  }
}
