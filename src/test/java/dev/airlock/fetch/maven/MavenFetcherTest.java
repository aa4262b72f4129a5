package dev.airlock.fetch.maven;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.hex;
import static dev.airlock.testing.PackageProject.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.FakeRegistry;
import dev.airlock.testing.PackageProject;
import dev.airlock.testing.TestTls;
import dev.airlock.placement.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code maven:} sources through the CLI against an HTTPS Maven repository. */
class MavenFetcherTest {
  static final TestTls TLS = new TestTls();
  static final String DIR = "/releases/com/corp/commons/2.3.0/";
  static final byte[] JAR = bytes("jar bytes of commons 2.3.0");
  static final byte[] POM = bytes("<project><artifactId>commons</artifactId></project>");
  @TempDir Path dir;
  @TempDir Path home;
  FakeRegistry repo;
  PackageProject p;

  @BeforeEach
  void setUp() throws Exception {
    repo = new FakeRegistry(TLS, "127.0.0.1");
    p = new PackageProject(TLS, dir, home, "127.0.0.1");
    repo.requireAuthorization(p.basic());
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  void publish(String path, byte[] content, String... checksums) {
    repo.put(path, "application/java-archive", content);
    for (String alg : checksums) {
      String jdk = switch (alg) {
        case "sha512" -> "SHA-512";
        case "sha256" -> "SHA-256";
        default -> "SHA-1";
      };
      repo.put(path + "." + alg, "text/plain", hex(jdk, content) + "  " + path.substring(path.lastIndexOf('/') + 1));
    }
  }

  void source(String artifact) throws Exception {
    p.manifest("  - { name: commons, credentials: corp, maven: { repository: '" + repo.url("/releases")
        + "', artifact: '" + artifact + "' } }\n");
  }

  List<String> vendored(String folder) throws Exception {
    try (Stream<Path> s = Files.list(p.vendor(folder))) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void releaseIsVendoredInRepositoryLayoutCheckedAgainstTheStrongestChecksum() throws Exception {
    publish(DIR + "commons-2.3.0.jar", JAR, "sha512", "sha1");
    publish(DIR + "commons-2.3.0.pom", POM, "sha256", "sha1");
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    String v = "maven/com/corp/commons/2.3.0";
    assertEquals(List.of("commons-2.3.0.jar", "commons-2.3.0.jar.sha1", "commons-2.3.0.pom", "commons-2.3.0.pom.sha1"),
        vendored(v));
    assertEquals(hex("SHA-1", JAR), Files.readString(p.vendor(v + "/commons-2.3.0.jar.sha1")));
    String lock = p.lock();
    assertTrue(lock.contains("checksum.commons-2.3.0.jar: sha512"), lock);
    assertTrue(lock.contains("checksum.commons-2.3.0.pom: sha256"), lock);
    assertTrue(lock.contains(v + "/commons-2.3.0.jar: " + sha256(JAR)), lock);
    assertTrue(lock.contains("url.commons-2.3.0.jar: " + repo.url(DIR + "commons-2.3.0.jar")), lock);
    assertFalse(repo.targets().contains(DIR + "commons-2.3.0.jar.sha1"), "sha512 found first: sha1 not asked");
    assertFalse(r.err().contains("publishes no"), r.err());
    p.assertNoSecretLeaked(r);
    assertEquals(0, p.cli.run("verify").exit());
  }

  @Test
  void onlySha1IsEnoughAndNoChecksumIsAWarning() throws Exception {
    publish(DIR + "commons-2.3.0.jar", JAR, "sha1");
    publish(DIR + "commons-2.3.0.pom", POM);
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(p.lock().contains("checksum.commons-2.3.0.jar: sha1"));
    assertTrue(p.lock().contains("checksum.commons-2.3.0.pom: none"));
    assertTrue(r.err().contains("commons-2.3.0.pom: the repository publishes no .sha512, .sha256 or .sha1"), r.err());
    assertFalse(r.err().contains("commons-2.3.0.jar: the repository publishes no"), r.err());
  }

  @Test
  void checksumMismatchExits3AndPlacesNothing() throws Exception {
    publish(DIR + "commons-2.3.0.jar", JAR, "sha1");
    repo.put(DIR + "commons-2.3.0.jar.sha512", "text/plain", hex("SHA-512", bytes("other")));
    publish(DIR + "commons-2.3.0.pom", POM, "sha1");
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("sha512 mismatch"), r.err());
    assertFalse(Files.exists(p.vendor("maven")));
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
  }

  /** The digest taken while the file arrived is what is compared: each algorithm's path refuses a wrong one. */
  @ParameterizedTest
  @ValueSource(strings = {"sha512", "sha256", "sha1"})
  void aTamperedChecksumOfEachAlgorithmIsRefusedNamingTheArtifact(String alg) throws Exception {
    repo.put(DIR + "commons-2.3.0.jar", "application/java-archive", JAR);
    String jdk = alg.equals("sha512") ? "SHA-512" : alg.equals("sha256") ? "SHA-256" : "SHA-1";
    repo.put(DIR + "commons-2.3.0.jar." + alg, "text/plain", hex(jdk, bytes("tampered")));
    publish(DIR + "commons-2.3.0.pom", POM, "sha1");
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains(alg + " mismatch") && r.err().contains("commons-2.3.0.jar")
        && r.err().contains(hex(jdk, JAR)), r.err());
    assertFalse(Files.exists(p.vendor("maven")));
  }

  @Test
  void aLoginPageInsteadOfAChecksumIsAnError() throws Exception {
    publish(DIR + "commons-2.3.0.jar", JAR);
    repo.put(DIR + "commons-2.3.0.jar.sha512", "text/html", "<html><form><input type=password></form></html>");
    publish(DIR + "commons-2.3.0.pom", POM, "sha1");
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("is not a sha512 checksum (a login page?)"), r.err());
    assertFalse(Files.exists(p.vendor("maven")));
  }

  @Test
  void classifierAndExtension() throws Exception {
    publish(DIR + "commons-2.3.0-linux-x86_64.zip", JAR, "sha256");
    publish(DIR + "commons-2.3.0.pom", POM, "sha256");
    source("com.corp:commons:2.3.0:linux-x86_64@zip");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of("commons-2.3.0-linux-x86_64.zip", "commons-2.3.0-linux-x86_64.zip.sha1",
        "commons-2.3.0.pom", "commons-2.3.0.pom.sha1"), vendored("maven/com/corp/commons/2.3.0"));
  }

  static String metadata(String timestamp, int build) {
    String value = "1.1-" + timestamp + "-" + build;
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata modelVersion="1.1.0">
          <groupId>com.corp</groupId><artifactId>commons</artifactId><version>1.1-SNAPSHOT</version>
          <versioning>
            <snapshot><timestamp>%1$s</timestamp><buildNumber>%2$d</buildNumber></snapshot>
            <lastUpdated>20240102000000</lastUpdated>
            <snapshotVersions>
              <snapshotVersion><extension>jar</extension><value>%3$s</value><updated>20240102000000</updated></snapshotVersion>
              <snapshotVersion><classifier>sources</classifier><extension>jar</extension><value>%3$s</value></snapshotVersion>
              <snapshotVersion><extension>pom</extension><value>%3$s</value></snapshotVersion>
            </snapshotVersions>
          </versioning>
        </metadata>
        """.formatted(timestamp, build, value);
  }

  @Test
  void snapshotResolvesThroughMetadataAndTheLockPinsTheBuild() throws Exception {
    String snap = "/releases/com/corp/commons/1.1-SNAPSHOT/";
    repo.put(snap + "maven-metadata.xml", "application/xml", metadata("20240101.120000", 3));
    publish(snap + "commons-1.1-20240101.120000-3.jar", JAR, "sha1");
    publish(snap + "commons-1.1-20240101.120000-3.pom", POM, "sha1");
    source("com.corp:commons:1.1-SNAPSHOT");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of("commons-1.1-SNAPSHOT.jar", "commons-1.1-SNAPSHOT.jar.sha1", "commons-1.1-SNAPSHOT.pom",
        "commons-1.1-SNAPSHOT.pom.sha1"), vendored("maven/com/corp/commons/1.1-SNAPSHOT"));
    String lock = p.lock();
    assertTrue(lock.contains("version: \"1.1-20240101.120000-3\""), lock);
    assertTrue(lock.contains("url.commons-1.1-SNAPSHOT.jar: " + repo.url(snap + "commons-1.1-20240101.120000-3.jar")), lock);

    // A newer build is deployed: an unchanged manifest still gets the locked build.
    byte[] newer = bytes("newer snapshot build");
    repo.put(snap + "maven-metadata.xml", "application/xml", metadata("20240105.080000", 4));
    publish(snap + "commons-1.1-20240105.080000-4.jar", newer, "sha1");
    p.clearCache();
    repo.clearRequests();
    Files.delete(p.vendor("maven/com/corp/commons/1.1-SNAPSHOT/commons-1.1-SNAPSHOT.jar"));
    r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertFalse(repo.targets().contains(snap + "maven-metadata.xml"), "the lock pins the build: " + repo.targets());
    assertEquals(sha256(JAR), sha256(Files.readAllBytes(
        p.vendor("maven/com/corp/commons/1.1-SNAPSHOT/commons-1.1-SNAPSHOT.jar"))));
    assertEquals(lock, p.lock());
  }

  @Test
  void aTimestampedSnapshotVersionComesFromItsSnapshotFolder() throws Exception {
    String snap = "/releases/com/corp/snaplib/1.0-SNAPSHOT/";
    publish(snap + "snaplib-1.0-20261203.065654-1.jar", JAR, "sha1");
    publish(snap + "snaplib-1.0-20261203.065654-1.pom", POM, "sha1");
    source("com.corp:snaplib:1.0-20261203.065654-1");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of("snaplib-1.0-20261203.065654-1.jar", "snaplib-1.0-20261203.065654-1.jar.sha1",
        "snaplib-1.0-20261203.065654-1.pom", "snaplib-1.0-20261203.065654-1.pom.sha1"),
        vendored("maven/com/corp/snaplib/1.0-SNAPSHOT"), "where Maven's local repository keeps that build");
    assertFalse(repo.targets().stream().anyMatch(t -> t.contains("maven-metadata")), repo.targets().toString());
  }

  @Test
  void aRefusedDownloadNamesTheArtifactNotTheFirstChecksumProbe() throws Exception {
    publish(DIR + "commons-2.3.0.jar", JAR, "sha512", "sha1");
    publish(DIR + "commons-2.3.0.pom", POM, "sha1");
    repo.requireAuthorization("Basic other");
    source("com.corp:commons:2.3.0");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().matches("(?s).*HTTP 401 from \\S+commons-2\\.3\\.0\\.(jar|pom) .*"), r.err());
    assertFalse(r.err().contains(".sha512"), r.err());
    p.assertNoSecretLeaked(r);
  }

  @Test
  void updatingASnapshotMovesItsClassifierSiblingsToTheSameBuild() throws Exception {
    String snap = "/releases/com/corp/commons/1.1-SNAPSHOT/";
    String base = "commons-1.1-";
    for (String[] b : new String[][] {{"20240101.120000", "3"}, {"20240105.080000", "4"}}) {
      String v = base + b[0] + "-" + b[1];
      publish(snap + v + ".jar", bytes("jar of build " + b[1]), "sha1");
      publish(snap + v + "-sources.jar", bytes("sources of build " + b[1]), "sha1");
      publish(snap + v + ".pom", POM, "sha1");
    }
    repo.put(snap + "maven-metadata.xml", "application/xml", metadata("20240101.120000", 3));
    p.manifest("  - { name: commons, credentials: corp, maven: { repository: '" + repo.url("/releases")
        + "', artifact: 'com.corp:commons:1.1-SNAPSHOT' } }\n"
        + "  - { name: commons-sources, credentials: corp, maven: { repository: '" + repo.url("/releases")
        + "', artifact: 'com.corp:commons:1.1-SNAPSHOT:sources' } }\n");
    assertEquals(0, p.fetch().exit());
    repo.put(snap + "maven-metadata.xml", "application/xml", metadata("20240105.080000", 4));
    CliRunner.Result r = p.cli.run("update", "commons");
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.err().contains("also updating commons-sources"), r.err());
    String dir = "maven/com/corp/commons/1.1-SNAPSHOT/";
    assertEquals("jar of build 4", Files.readString(p.vendor(dir + "commons-1.1-SNAPSHOT.jar")));
    assertEquals("sources of build 4", Files.readString(p.vendor(dir + "commons-1.1-SNAPSHOT-sources.jar")));
  }

  @Test
  void metadataWithADoctypeIsRefusedWithoutReadingTheEntity() throws Exception {
    Path secret = dir.resolve("local-secret.txt");
    Files.writeString(secret, "20240101.120000");
    String snap = "/releases/com/corp/commons/1.1-SNAPSHOT/";
    repo.put(snap + "maven-metadata.xml", "application/xml", "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE metadata [<!ENTITY ts SYSTEM \"" + secret.toUri() + "\">]>\n"
        + "<metadata><versioning><snapshot><timestamp>&ts;</timestamp><buildNumber>1</buildNumber></snapshot>"
        + "</versioning></metadata>");
    publish(snap + "commons-1.1-20240101.120000-1.jar", JAR, "sha1");
    publish(snap + "commons-1.1-20240101.120000-1.pom", POM, "sha1");
    source("com.corp:commons:1.1-SNAPSHOT");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("maven-metadata.xml is not valid XML"), r.err());
    assertFalse(repo.targets().contains(snap + "commons-1.1-20240101.120000-1.jar"));
  }

  @Test
  void missingArtifactAndWrongCredentialsExit3() throws Exception {
    source("com.corp:commons:9.9.9");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("HTTP 404"), r.err());
    repo.requireAuthorization("Basic other");
    publish(DIR + "commons-2.3.0.jar", JAR, "sha1");
    source("com.corp:commons:2.3.0");
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("HTTP 401") && r.err().contains("corp (netrc)"), r.err());
    p.assertNoSecretLeaked(r);
  }

  @Test
  void offlineReproducesALockedSnapshotFromTheCacheWithoutARequest() throws Exception {
    String snap = "/releases/com/corp/commons/1.1-SNAPSHOT/";
    repo.put(snap + "maven-metadata.xml", "application/xml", metadata("20240101.120000", 3));
    publish(snap + "commons-1.1-20240101.120000-3.jar", JAR, "sha1");
    publish(snap + "commons-1.1-20240101.120000-3.pom", POM, "sha1");
    source("com.corp:commons:1.1-SNAPSHOT");
    assertEquals(0, p.fetch().exit());
    AtomicFiles.deleteTree(p.vendor("maven"));
    repo.clearRequests();
    CliRunner.Result r = p.cli.run("fetch", "--offline");
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(), repo.targets());
    assertEquals(0, p.cli.run("verify").exit());

    p.clearCache();
    AtomicFiles.deleteTree(p.vendor("maven"));
    r = p.cli.run("fetch", "--offline");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("--offline"), r.err());
    assertEquals(List.of(), repo.targets());
  }
}
