package dev.airlock.fetch.maven;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.hex;
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
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maven: { pom: }} closures through the CLI, resolved by Maven Resolver against tiny
 * repositories generated here (POMs and jars with {@code .sha1}) on HTTPS with authentication.
 */
class MavenClosureTest {
  static final TestTls TLS = new TestTls();
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

  // --- a tiny repository ------------------------------------------------------------------------

  static String path(String g, String a, String v, String ext) {
    return "/m2/" + g.replace('.', '/') + "/" + a + "/" + v + "/" + a + "-" + v + "." + ext;
  }

  static void put(FakeRegistry r, String path, byte[] content) {
    r.put(path, "application/octet-stream", content);
    r.put(path + ".sha1", "text/plain", hex("SHA-1", content));
  }

  /** A POM ({@code body} goes inside {@code <project>}) and, unless packaging is pom, a jar. */
  static void publish(FakeRegistry r, String g, String a, String v, String body) {
    String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>" + body
        + "</project>";
    put(r, path(g, a, v, "pom"), bytes(pom));
    if (!body.contains("<packaging>pom</packaging>")) {
      put(r, path(g, a, v, "jar"), bytes("jar of " + g + ":" + a + ":" + v));
    }
  }

  static String dep(String g, String a, String v, String extra) {
    return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
        + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
  }

  static String deps(String... ds) {
    return "<dependencies>" + String.join("", ds) + "</dependencies>";
  }

  void project(String body) throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
        + "<modelVersion>4.0.0</modelVersion>" + body + "</project>");
  }

  void source(String extra) throws Exception {
    p.manifest("  - name: app\n    credentials: corp\n    maven:\n      repository: '" + repo.url("/m2")
        + "'\n      pom: app/pom.xml\n" + extra);
  }

  List<String> vendoredFiles() throws Exception {
    Path v = p.vendor("maven");
    if (!Files.exists(v)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(v)) {
      return s.filter(Files::isRegularFile).map(f -> v.relativize(f).toString()).filter(f -> !f.endsWith(".sha1"))
          .sorted().toList();
    }
  }

  /** The repository of the main case: a parent, a BOM, exclusions, mediation, a profile, a plugin. */
  void publishCorpRepository() {
    publish(repo, "com.corp", "corp-parent", "1", "<packaging>pom</packaging><properties><lib.version>1.1</lib.version>"
        + "</properties><dependencyManagement>" + deps(dep("com.corp", "util", "2.0", "")) + "</dependencyManagement>");
    publish(repo, "com.corp", "bom", "1", "<packaging>pom</packaging><dependencyManagement>"
        + deps(dep("com.corp", "json", "3.0", "")) + "</dependencyManagement>");
    publish(repo, "com.corp", "lib", "1.1", deps(dep("com.corp", "util", "1.0", ""), dep("com.corp", "bloat", "1.0", "")));
    publish(repo, "com.corp", "util", "2.0", "");
    publish(repo, "com.corp", "json", "3.0", "");
    // mediation: a -> shared 1.0 (depth 2) beats b -> c -> shared 2.0 (depth 3)
    publish(repo, "com.corp", "a", "1", deps(dep("com.corp", "shared", "1.0", "")));
    publish(repo, "com.corp", "b", "1", deps(dep("com.corp", "c", "1", "")));
    publish(repo, "com.corp", "c", "1", deps(dep("com.corp", "shared", "2.0", "")));
    publish(repo, "com.corp", "shared", "1.0", "");
    publish(repo, "com.corp", "shared", "2.0", "");
    publish(repo, "com.corp", "test-helper", "1", deps(dep("com.corp", "helper-runtime", "1", "")));
    publish(repo, "com.corp", "helper-runtime", "1", "");
    publish(repo, "com.corp", "prof-dep", "1", "");
    publish(repo, "com.corp", "corp-maven-plugin", "1.0", "<packaging>maven-plugin</packaging>"
        + deps(dep("com.corp", "plugin-lib", "1.0", ""),
            dep("org.apache.maven", "maven-core", "3.9.0", "<scope>provided</scope>")));
    put(repo, path("com.corp", "corp-maven-plugin", "1.0", "jar"), bytes("plugin jar"));
    publish(repo, "com.corp", "plugin-lib", "1.0", "");
    publish(repo, "com.corp", "plugin-extra", "1.0", "");
  }

  static final String MAIN_PROJECT = "<parent><groupId>com.corp</groupId><artifactId>corp-parent</artifactId>"
      + "<version>1</version><relativePath/></parent><artifactId>app</artifactId><packaging>pom</packaging>"
      + "<dependencyManagement>" + deps(dep("com.corp", "bom", "1", "<type>pom</type><scope>import</scope>"))
      + "</dependencyManagement>"
      + deps(dep("com.corp", "lib", "${lib.version}", "<exclusions><exclusion><groupId>com.corp</groupId>"
          + "<artifactId>bloat</artifactId></exclusion></exclusions>"),
        dep("com.corp", "json", null, ""), dep("com.corp", "a", "1", ""), dep("com.corp", "b", "1", ""),
        dep("com.corp", "test-helper", "1", "<scope>test</scope>"),
        dep("com.corp", "sys", "1", "<scope>system</scope><systemPath>/nonexistent/sys.jar</systemPath>"))
      + "<profiles><profile><id>default-on</id><activation><activeByDefault>true</activeByDefault></activation>"
      + deps(dep("com.corp", "prof-dep", "1", "")) + "</profile></profiles>"
      + "<build><plugins><plugin><groupId>com.corp</groupId><artifactId>corp-maven-plugin</artifactId>"
      + "<version>1.0</version>" + deps(dep("com.corp", "plugin-extra", "1.0", "")) + "</plugin></plugins></build>";

  @Test
  void parentBomExclusionsMediationProfilesAndPluginClosure() throws Exception {
    publishCorpRepository();
    project(MAIN_PROJECT);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(
        "com/corp/a/1/a-1.jar", "com/corp/a/1/a-1.pom",
        "com/corp/b/1/b-1.jar", "com/corp/b/1/b-1.pom",
        "com/corp/bom/1/bom-1.pom",
        "com/corp/c/1/c-1.jar", "com/corp/c/1/c-1.pom",
        "com/corp/corp-maven-plugin/1.0/corp-maven-plugin-1.0.jar", "com/corp/corp-maven-plugin/1.0/corp-maven-plugin-1.0.pom",
        "com/corp/corp-parent/1/corp-parent-1.pom",
        "com/corp/helper-runtime/1/helper-runtime-1.jar", "com/corp/helper-runtime/1/helper-runtime-1.pom",
        "com/corp/json/3.0/json-3.0.jar", "com/corp/json/3.0/json-3.0.pom",
        "com/corp/lib/1.1/lib-1.1.jar", "com/corp/lib/1.1/lib-1.1.pom",
        "com/corp/plugin-extra/1.0/plugin-extra-1.0.jar", "com/corp/plugin-extra/1.0/plugin-extra-1.0.pom",
        "com/corp/plugin-lib/1.0/plugin-lib-1.0.jar", "com/corp/plugin-lib/1.0/plugin-lib-1.0.pom",
        "com/corp/prof-dep/1/prof-dep-1.jar", "com/corp/prof-dep/1/prof-dep-1.pom",
        "com/corp/shared/1.0/shared-1.0.jar", "com/corp/shared/1.0/shared-1.0.pom",
        "com/corp/shared/2.0/shared-2.0.pom",
        "com/corp/test-helper/1/test-helper-1.jar", "com/corp/test-helper/1/test-helper-1.pom",
        "com/corp/util/2.0/util-2.0.jar", "com/corp/util/2.0/util-2.0.pom"), vendoredFiles());
    String sha1 = Files.readString(p.vendor("maven/com/corp/lib/1.1/lib-1.1.jar.sha1"));
    assertEquals(hex("SHA-1", bytes("jar of com.corp:lib:1.1")), sha1);
    List<String> asked = repo.targets();
    assertFalse(asked.stream().anyMatch(t -> t.contains("bloat") || t.contains("maven-core") || t.contains("/sys/")), asked.toString());
    assertFalse(asked.stream().anyMatch(t -> t.endsWith(".sha512") || t.endsWith(".sha256") || t.endsWith(".md5")), asked.toString());
    String lock = p.lock();
    assertTrue(lock.contains("url.com/corp/lib/1.1/lib-1.1.jar: " + repo.url("/m2/com/corp/lib/1.1/lib-1.1.jar")), lock);
    p.assertNoSecretLeaked(r);
  }

  @Test
  void theSbomListsEveryPackageOfTheClosureWithItsPurlAndHashes() throws Exception {
    publishCorpRepository();
    project(MAIN_PROJECT);
    source("");
    assertEquals(0, p.fetch().exit());
    CliRunner.Result r = p.cli.run("sbom");
    assertEquals(0, r.exit(), r.all());
    com.fasterxml.jackson.databind.JsonNode bom = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    List<String> purls = new java.util.ArrayList<>();
    bom.get("components").forEach(c -> purls.add(c.get("purl").asText()));
    assertEquals(16, purls.size(), purls.toString()); // 14 package versions with files, the parent and the BOM
    String repoQualifier = "repository_url=" + java.net.URLEncoder.encode(repo.url("/m2"), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(purls.contains("pkg:maven/com.corp/lib@1.1?" + repoQualifier), purls.toString());
    assertTrue(purls.contains("pkg:maven/com.corp/bom@1?" + repoQualifier + "&type=pom"), purls.toString());
    String jarSha256 = dev.airlock.testing.PackageProject.sha256(bytes("jar of com.corp:lib:1.1"));
    assertTrue(r.out().contains(jarSha256), "the jar's hash");
  }

  @Test
  void aRerunMakesNoRequestAndATamperedFileIsRefusedAgainstTheLock() throws Exception {
    publishCorpRepository();
    project(MAIN_PROJECT);
    source("");
    assertEquals(0, p.fetch().exit());
    repo.clearRequests();
    AtomicFiles.deleteTree(p.vendor(""));
    CliRunner.Result again = p.fetch();
    assertEquals(0, again.exit(), again.all());
    assertEquals(List.of(), repo.targets(), "a locked closure comes from the cache");
    // the server's jar changes, with a matching .sha1: only the lock can tell
    put(repo, path("com.corp", "json", "3.0", "jar"), bytes("evil json"));
    AtomicFiles.deleteTree(p.vendor("maven/com/corp/json"));
    AtomicFiles.deleteTree(dir.resolve(".airlock"));
    p.clearCache();
    List<String> before = vendoredFiles();
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("sha256 mismatch") && r.err().contains("json-3.0.jar"), r.err());
    assertEquals(before, vendoredFiles(), "nothing placed");
    p.assertNoSecretLeaked(r);
  }

  @Test
  void aJarNotMatchingItsSha1IsRefusedAndNamed() throws Exception {
    publishCorpRepository();
    repo.put(path("com.corp", "json", "3.0", "jar"), "application/octet-stream", bytes("not what the .sha1 says"));
    project(MAIN_PROJECT);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("sha1 mismatch") && r.err().contains("json-3.0.jar"), r.err());
    assertEquals(List.of(), vendoredFiles());
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
  }

  @Test
  void editingThePomMakesFrozenFail() throws Exception {
    publishCorpRepository();
    project(MAIN_PROJECT);
    source("");
    assertEquals(0, p.fetch().exit());
    project(MAIN_PROJECT.replace("<artifactId>b</artifactId><version>1</version>", "<artifactId>b</artifactId><version>2</version>"));
    CliRunner.Result r = p.cli.run("fetch", "--frozen");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.all().contains("app"), r.all());
  }

  @Test
  void aMissingArtifactIsNamed() throws Exception {
    publishCorpRepository();
    project("<groupId>x</groupId><artifactId>app</artifactId><version>1</version><packaging>pom</packaging>"
        + deps(dep("com.corp", "lib", "1.1", ""), dep("com.corp", "gone", "4.2", "")));
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("com.corp:gone:") && r.err().contains("4.2"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals(List.of(), vendoredFiles());
    p.assertNoSecretLeaked(r);
  }

  @Test
  void wrongCredentialsBlameTheFileNotAChecksumProbe() throws Exception {
    publishCorpRepository();
    repo.requireAuthorization("Basic nobody-has-this");
    project(MAIN_PROJECT);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("HTTP 401 from " + repo.url("/m2/com/corp/corp-parent/1/corp-parent-1.pom")), r.err());
    assertFalse(r.err().contains(".sha1 "), r.err());
    p.assertNoSecretLeaked(r);
  }

  @Test
  void eachRepositoryOriginGetsOnlyItsOwnCredentials() throws Exception {
    try (FakeRegistry other = new FakeRegistry(TLS, "localhost")) {
      repo.requireAuthorization(p.bearer());
      publish(repo, "com.corp", "lib", "1.1", deps(dep("org.public", "pub", "1", "")));
      publish(other, "org.public", "pub", "1", "");
      project("<groupId>x</groupId><artifactId>app</artifactId><version>1</version><packaging>pom</packaging>"
          + deps(dep("com.corp", "lib", "1.1", "")));
      p.manifest("  - name: app\n    credentials: tok\n    maven:\n      repositories: ['" + repo.url("/m2") + "', '"
          + other.url("/m2") + "']\n      pom: app/pom.xml\n");
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      assertTrue(Files.exists(p.vendor("maven/org/public/pub/1/pub-1.jar")));
      assertFalse(other.requests().isEmpty());
      for (RecordedRequest req : other.requests()) {
        assertEquals(null, req.getHeaders().get("Authorization"), req.getTarget());
      }
      assertTrue(repo.requests().stream().allMatch(q -> p.bearer().equals(q.getHeaders().get("Authorization"))));
      p.assertNoSecretLeaked(r);
    }
  }

  @Test
  void aRedirectToAHostNotAllowedIsAnErrorNamingIt() throws Exception {
    try (FakeRegistry other = new FakeRegistry(TLS, "localhost")) {
      publishCorpRepository();
      publish(other, "com.corp", "json", "3.0", "");
      repo.redirect(path("com.corp", "json", "3.0", "jar"), other.url(path("com.corp", "json", "3.0", "jar")));
      project(MAIN_PROJECT);
      source("");
      CliRunner.Result r = p.fetch();
      assertEquals(3, r.exit(), r.all());
      assertTrue(r.err().contains("localhost") && r.err().contains("hosts:"), r.err());
      assertEquals(List.of(), vendoredFiles());
      source("      hosts: ['localhost:" + Integer.parseInt(other.url("/").replaceAll(".*:(\\d+)/.*", "$1")) + "']\n");
      CliRunner.Result allowed = p.fetch();
      assertEquals(0, allowed.exit(), allowed.all());
      p.assertNoSecretLeaked(allowed);
    }
  }

  @Test
  void unpinnedLifecyclePluginsAreWarnedAboutByNameAndJarBuildsGetThem() throws Exception {
    for (String plugin : List.of("maven-resources-plugin:3.3.1", "maven-compiler-plugin:3.13.0",
        "maven-surefire-plugin:3.2.5", "maven-jar-plugin:3.4.1")) {
      String[] ga = plugin.split(":");
      publish(repo, "org.apache.maven.plugins", ga[0], ga[1], "<packaging>maven-plugin</packaging>"
          + deps(dep("org.codehaus.plexus", "plexus-utils", "3.5.1", "")));
    }
    publish(repo, "org.apache.maven.plugins", "maven-jar-plugin", "9.9", "<packaging>maven-plugin</packaging>"
        + deps(dep("org.codehaus.plexus", "plexus-utils", "3.5.1", "")));
    publish(repo, "org.codehaus.plexus", "plexus-utils", "3.5.1", "");
    publish(repo, "org.junit.platform", "junit-platform-engine", "1.10.2", "");
    publish(repo, "org.junit.platform", "junit-platform-launcher", "1.10.2", "");
    publish(repo, "org.apache.maven.surefire", "surefire-junit-platform", "3.2.5", "");
    project("<groupId>x</groupId><artifactId>app</artifactId><version>1</version>"
        + deps(dep("org.junit.platform", "junit-platform-engine", "1.10.2", "<scope>test</scope>"))
        + "<build><pluginManagement><plugins><plugin><artifactId>maven-jar-plugin</artifactId><version>9.9</version>"
        + "</plugin></plugins></pluginManagement></build>");
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    for (String unpinned : List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin")) {
      assertTrue(r.err().contains("does not pin " + unpinned), r.err());
    }
    assertFalse(r.err().contains("does not pin maven-jar-plugin"), r.err());
    List<String> files = vendoredFiles();
    assertTrue(files.contains("org/apache/maven/plugins/maven-jar-plugin/9.9/maven-jar-plugin-9.9.jar"), files.toString());
    assertFalse(files.stream().anyMatch(f -> f.contains("maven-jar-plugin/3.4.1")), files.toString());
    assertTrue(files.contains("org/apache/maven/plugins/maven-compiler-plugin/3.13.0/maven-compiler-plugin-3.13.0.jar"));
    assertTrue(files.contains("org/apache/maven/surefire/surefire-junit-platform/3.2.5/surefire-junit-platform-3.2.5.jar"),
        "surefire's provider for the JUnit Platform on the test classpath");
    assertTrue(files.contains("org/junit/platform/junit-platform-launcher/1.10.2/junit-platform-launcher-1.10.2.jar"));
  }

  @Test
  void aReactorIsTheUnionOfItsModulesWithoutTheModules() throws Exception {
    publish(repo, "com.corp", "util", "2.0", "");
    publish(repo, "com.corp", "json", "3.0", "");
    Files.createDirectories(dir.resolve("app/core"));
    Files.createDirectories(dir.resolve("app/web"));
    project("<groupId>x</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging>"
        + "<modules><module>core</module><module>web</module></modules>");
    String parent = "<parent><groupId>x</groupId><artifactId>root</artifactId><version>1</version></parent>";
    Files.writeString(dir.resolve("app/core/pom.xml"), "<project><modelVersion>4.0.0</modelVersion>" + parent
        + "<artifactId>core</artifactId><packaging>pom</packaging>" + deps(dep("com.corp", "util", "2.0", "")) + "</project>");
    Files.writeString(dir.resolve("app/web/pom.xml"), "<project><modelVersion>4.0.0</modelVersion>" + parent
        + "<artifactId>web</artifactId><packaging>pom</packaging>"
        + deps(dep("x", "core", "1", ""), dep("com.corp", "json", "3.0", "")) + "</project>");
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of("com/corp/json/3.0/json-3.0.jar", "com/corp/json/3.0/json-3.0.pom",
        "com/corp/util/2.0/util-2.0.jar", "com/corp/util/2.0/util-2.0.pom"), vendoredFiles());
    // a module's POM is an input: editing it makes the source stale
    Files.writeString(dir.resolve("app/core/pom.xml"), Files.readString(dir.resolve("app/core/pom.xml")) + "\n");
    assertEquals(1, p.cli.run("fetch", "--frozen").exit());
  }
}
