package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docker.output} and the ignore files written beside it stay inside the project. */
class DockerOutputTest {
  @TempDir Path tmp;
  /** One level down, so a "../Dockerfile" would land in tmp, where the test looks for it. */
  Path project;
  @TempDir Path home;
  @TempDir Path outside;
  CliRunner cli;

  @BeforeEach
  void setUp() throws IOException {
    project = Files.createDirectories(tmp.resolve("project"));
    cli = new CliRunner(project, home);
  }

  /** The manifest with {@code docker}, and a lock + vendor dir as `airlock fetch` would have left them. */
  void project(String docker) throws IOException {
    String sources = "version: 1\nsources:\n"
        + "  - name: model\n    http: { url: \"https://artifacts.corp.example/models/v3.bin\" }\n";
    Files.writeString(project.resolve("fetch.yaml"), sources); // read without docker: that may be refused
    Path f = project.resolve("vendor/files/model/v3.bin");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "model");
    Manifest m = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml",
        new Environment(Map.of(), home, project));
    LockFile.write(project.resolve("fetch.lock"), Lock.of(List.of(LockEntry.of("model", "http",
        m.sources().get(0).fingerprint(), Map.of(), Map.of("files/model/v3.bin", "0".repeat(64))))));
    Files.writeString(project.resolve("fetch.yaml"), sources + docker);
  }

  List<String> outsideFiles() throws IOException {
    try (var s = Files.walk(outside)) {
      return s.map(p -> outside.relativize(p).toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ABS/Dockerfile", "../Dockerfile", "sub/../../Dockerfile", "~/Dockerfile", ".", "sub/.."})
  void anOutputOutsideTheProjectIsAManifestError(String output) throws IOException {
    String value = output.startsWith("ABS") ? outside.resolve("Dockerfile").toString() : output;
    project("docker:\n  base: debian:12-slim\n  output: \"" + value + "\"\n");
    List<String> before = outsideFiles();
    CliRunner.Result r = cli.run("dockerfile");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:7:11"), r.err());
    assertTrue(r.err().contains("docker.output"), r.err());
    assertEquals(before, outsideFiles());
    try (var s = Files.list(tmp)) {
      assertEquals(List.of(project), s.toList(), "nothing beside the project");
    }
  }

  @Test
  void anOutputThroughASymlinkIsAManifestError() throws IOException {
    Files.createSymbolicLink(project.resolve("build"), outside);
    project("docker:\n  base: debian:12-slim\n  output: build/Dockerfile\n");
    CliRunner.Result r = cli.run("dockerfile");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:7:11"), r.err());
    assertTrue(r.err().contains("symlink"), r.err());
    assertEquals(List.of(""), outsideFiles(), "nothing written through the link");
  }

  @Test
  void aDockerfileOrIgnoreFileThatIsASymlinkIsRefused() throws IOException {
    Files.writeString(outside.resolve("bashrc"), "mine\n");
    Files.createSymbolicLink(project.resolve(".dockerignore"), outside.resolve("bashrc"));
    project("docker:\n  base: debian:12-slim\n");
    CliRunner.Result r = cli.run("dockerfile");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains(".dockerignore"), r.err());
    assertTrue(r.err().contains("symlink"), r.err());
    assertEquals("mine\n", Files.readString(outside.resolve("bashrc")));
    assertTrue(Files.isSymbolicLink(project.resolve(".dockerignore")));
    assertFalse(Files.exists(project.resolve("Dockerfile")));
  }

  @Test
  void aTemplateMayBeReadFromOutsideAndTheOutputStaysInside() throws IOException {
    Files.writeString(outside.resolve("Dockerfile.in"), "FROM debian:12\n# airlock:vendor\n");
    project("docker:\n  template: " + outside.resolve("Dockerfile.in") + "\n  output: out/Dockerfile\n");
    CliRunner.Result r = cli.run("dockerfile");
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.readString(project.resolve("out/Dockerfile")).contains("COPY"));
  }
}
