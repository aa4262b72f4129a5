package dev.airlock.manifest;

import static dev.airlock.manifest.ManifestReaderTest.errors;
import static dev.airlock.manifest.ManifestReaderTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pypi, maven and npm blocks: records, canonical forms and errors (positions as in ManifestReaderTest). */
class PackageSourcesTest {
  @Test
  void recordsForEachKind() {
    Manifest m = parse("""
        version: 1
        sources:
          - name: lib
            pypi: { index: https://pypi.corp.example/simple, requirement: Internal_Lib == 1.4.2, files: ["*.whl"] }
          - name: commons
            maven: { repository: https://maven.corp.example/releases, artifact: com.corp:commons:2.3.0 }
          - name: natives
            maven: { repository: https://maven.corp.example/releases, artifact: "com.corp:natives:1.0-SNAPSHOT:linux-x86_64@zip" }
          - name: ui-kit
            npm: { registry: https://npm.corp.example, package: "@corp/ui-kit@3.2.1" }
        """);
    PypiSource lib = (PypiSource) m.sources().get(0);
    PypiSource.Pin pin = (PypiSource.Pin) lib.input();
    assertEquals("internal-lib", PypiSource.normalize(pin.project()));
    assertEquals("1.4.2", pin.version().canonical());
    assertEquals(List.of("*.whl"), lib.files());
    assertEquals("kind=pypi\nindex=https://pypi.corp.example/simple\nproject=internal-lib\nversion=1.4.2\nfile=*.whl\n",
        lib.canonicalForm());
    MavenSource commons = (MavenSource) m.sources().get(1);
    assertEquals("com/corp/commons/2.3.0", commons.versionPath());
    assertEquals("jar", commons.extension());
    MavenSource natives = (MavenSource) m.sources().get(2);
    assertEquals(Optional.of("linux-x86_64"), natives.classifier());
    assertEquals("zip", natives.extension());
    assertEquals("com.corp:natives:1.0-SNAPSHOT:linux-x86_64@zip", natives.coordinates());
    NpmSource ui = (NpmSource) m.sources().get(3);
    assertEquals("@corp%2fui-kit", ui.escapedName());
    assertEquals("corp-ui-kit-3.2.1.tgz", ui.tarballFileName());
    assertEquals("3.2.1", ui.version());
  }

  @Test
  void theExampleManifestParses() throws Exception {
    String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("fetch.example.yaml"));
    // read where it lives: its pom: source reads this repository's own pom.xml
    Manifest m = ManifestReader.parse(yaml, java.nio.file.Path.of("fetch.example.yaml"), "fetch.example.yaml",
        ManifestSchemaTest.HERE);
    assertEquals(List.of("http", "http", "http", "http", "git", "git", "git", "pypi", "maven", "maven", "maven", "npm"),
        m.sources().stream().map(SourceSpec::kind).toList());
    assertEquals(List.of("kernel-headers"), m.sources().stream().filter(SourceSpec::allowCaseCollisions)
        .map(SourceSpec::name).toList());
  }

  @Test
  void theFingerprintFollowsWhatIsVendoredNotHowItIsSpelled() {
    String a = parse("version: 1\nsources: [{ name: x, pypi: { index: https://h/simple, requirement: 'A.B==1.0' } }]")
        .sources().get(0).fingerprint();
    String b = parse("version: 1\nsources: [{ name: x, pypi: { index: https://h/simple, requirement: 'a-b==1.0.0' } }]")
        .sources().get(0).fingerprint();
    String c = parse("version: 1\nsources: [{ name: x, pypi: { index: https://h/simple, requirement: 'a-b==1.0.1' } }]")
        .sources().get(0).fingerprint();
    assertEquals(a.substring(0, 7), "sha256:");
    assertNotEquals(a, c);
    assertNotEquals(b, c);
  }

  @Test
  void pypiErrors() {
    assertEquals(List.of(
        "fetch.yaml:3:62: sources[0].pypi.requirement: must be an exact pin NAME==VERSION (e.g. internal-lib==1.4.2)",
        "fetch.yaml:4:62: sources[1].pypi.requirement: not an exact PEP 440 version (no wildcards or ranges)",
        "fetch.yaml:5:62: sources[2].pypi.requirement: extras ([…]) are not supported: they select dependencies, not files",
        "fetch.yaml:6:31: sources[3].pypi.index: must be https (or http to a loopback host)",
        "fetch.yaml:7:82: sources[4].pypi.files[0]: a file name or glob (* and ?) without / or \\",
        "fetch.yaml:8:81: sources[5].pypi.files: must list at least one file name or glob",
        "fetch.yaml:9:44: sources[6].pypi.token: literal secrets are not allowed in the manifest; put the secret in "
            + "a credentials entry (e.g. token: { env: VAR }) and name it in credentials:"),
        errors("""
            version: 1
            sources:
              - { name: a, pypi: { index: https://h/simple, requirement: 'lib>=1.0' } }
              - { name: b, pypi: { index: https://h/simple, requirement: 'lib==1.*' } }
              - { name: c, pypi: { index: https://h/simple, requirement: 'lib[x]==1.0' } }
              - { name: d, pypi: { index: http://h/simple, requirement: 'lib==1.0' } }
              - { name: e, pypi: { index: https://h/simple, requirement: 'lib==1.0', files: [../x.whl] } }
              - { name: f, pypi: { index: https://h/simple, requirement: 'lib==1.0', files: [] } }
              - { name: g, pypi: { index: https://h/s, token: abc, requirement: 'lib==1.0' } }
            """));
  }

  @Test
  void mavenAndNpmErrors() {
    assertEquals(List.of(
        "fetch.yaml:3:60: sources[0].maven.artifact: must be GROUP:ARTIFACT:VERSION[:CLASSIFIER][@EXTENSION] "
            + "(e.g. com.corp:commons:2.3.0)",
        "fetch.yaml:4:60: sources[1].maven.artifact: parts must not contain '..' or end with '.'",
        "fetch.yaml:5:60: sources[2].maven.artifact: the version must be exact (LATEST and RELEASE move); "
            + "-SNAPSHOT is pinned in fetch.lock",
        "fetch.yaml:6:60: sources[3].maven.artifact: must be GROUP:ARTIFACT:VERSION[:CLASSIFIER][@EXTENSION] "
            + "(e.g. com.corp:commons:2.3.0)",
        "fetch.yaml:7:54: sources[4].npm.package: must be NAME@VERSION or @SCOPE/NAME@VERSION with an exact version "
            + "(e.g. \"@corp/ui-kit@3.2.1\"); names are lower case",
        "fetch.yaml:8:54: sources[5].npm.package: must be NAME@VERSION or @SCOPE/NAME@VERSION with an exact version "
            + "(e.g. \"@corp/ui-kit@3.2.1\"); names are lower case",
        "fetch.yaml:9:21: sources[6].npm.package: required key is missing"),
        errors("""
            version: 1
            sources:
              - { name: a, maven: { repository: https://h/r, artifact: 'com.corp:commons' } }
              - { name: b, maven: { repository: https://h/r, artifact: 'com..corp:commons:1.0' } }
              - { name: c, maven: { repository: https://h/r, artifact: 'com.corp:commons:LATEST' } }
              - { name: d, maven: { repository: https://h/r, artifact: 'com.corp:commons:[1.0,2.0)' } }
              - { name: e, npm: { registry: https://h/, package: '@corp/ui-kit@^3.2.1' } }
              - { name: f, npm: { registry: https://h/, package: 'UI-Kit@3.2.1' } }
              - { name: g, npm: { registry: https://h/ } }
            """));
  }
}
