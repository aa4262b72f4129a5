package dev.airlock.fetch.npm;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.FakeRegistry;
import dev.airlock.testing.PackageProject;
import dev.airlock.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npm: { lockfile: }} sources through the CLI against an HTTPS registry behind a token. */
class NpmLockFetcherTest {
  static final TestTls TLS = new TestTls();
  static final byte[] A = bytes("tarball of a 1.0.0");
  static final byte[] B = bytes("tarball of @s/b 2.0.0");
  @TempDir Path dir;
  @TempDir Path home;
  FakeRegistry registry;
  PackageProject p;

  @BeforeEach
  void setUp() throws Exception {
    registry = new FakeRegistry(TLS, "127.0.0.1");
    p = new PackageProject(TLS, dir, home, "127.0.0.1");
    registry.requireAuthorization(p.bearer());
    registry.put("/reg/a/-/a-1.0.0.tgz", "application/octet-stream", A);
    registry.put("/reg/@s/b/-/b-2.0.0.tgz", "application/octet-stream", B);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  static String sri(String alg, byte[] data) throws Exception {
    return alg + "-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance(
        alg.equals("sha512") ? "SHA-512" : "SHA-1").digest(data));
  }

  static String cachePath(String alg, byte[] data) {
    String h = hex(alg.equals("sha512") ? "SHA-512" : "SHA-1", data);
    return "npm/_cacache/content-v2/" + alg + "/" + h.substring(0, 2) + "/" + h.substring(2, 4) + "/" + h.substring(4);
  }

  /** a@1.0.0 with resolved, @s/b@2.0.0 without (twice, nested); a link, a workspace, a file: and a bundled entry. */
  String lockJson() throws Exception {
    return """
        {"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
          "":{"name":"app","version":"1.0.0","workspaces":["packages/ws"]},
          "node_modules/a":{"version":"1.0.0","resolved":"%s","integrity":"%s"},
          "node_modules/@s/b":{"version":"2.0.0","integrity":"%s"},
          "node_modules/a/node_modules/@s/b":{"version":"2.0.0","integrity":"%s"},
          "node_modules/ws":{"resolved":"packages/ws","link":true},
          "packages/ws":{"name":"ws","version":"0.0.1"},
          "node_modules/local":{"version":"0.1.0","resolved":"file:../local"},
          "node_modules/a/node_modules/inner":{"version":"0.1.0","inBundle":true}}}
        """.formatted(registry.url("/reg/a/-/a-1.0.0.tgz"), sri("sha512", A), sri("sha512", B), sri("sha512", B));
  }

  void project(String lock, String extra) throws Exception {
    Files.writeString(dir.resolve("package-lock.json"), lock);
    p.manifest("  - { name: app, credentials: tok, npm: { registry: '" + registry.url("/reg")
        + "', lockfile: package-lock.json" + extra + " } }\n");
  }

  @Test
  void everyRegistryPackageLandsInNpmsCacheLayoutAndARerunMakesNoRequest() throws Exception {
    project(lockJson(), "");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(registry.targets().containsAll(List.of("/reg/a/-/a-1.0.0.tgz", "/reg/@s/b/-/b-2.0.0.tgz")),
        registry.targets().toString());
    assertEquals(2, registry.targets().size(), "@s/b is downloaded once: " + registry.targets());
    assertTrue(Files.exists(p.vendor(cachePath("sha512", A))));
    assertTrue(Files.exists(p.vendor(cachePath("sha512", B))));
    assertTrue(r.err().contains("skipped 4 lock entries") && r.err().contains("node_modules/local"), r.err());
    String lock = p.lock();
    assertTrue(lock.contains("pkg:npm/a@1.0.0") && lock.contains("pkg:npm/%40s/b@2.0.0"), lock);
    assertTrue(lock.contains(registry.url("/reg/@s/b/-/b-2.0.0.tgz") + " " + sri("sha512", B)), lock);
    p.assertNoSecretLeaked(r);
    assertEquals(0, p.cli.run("verify").exit());

    registry.clearRequests();
    assertEquals(0, p.fetch().exit());
    deleteTree(dir.resolve("vendor"));
    CliRunner.Result again = p.fetch();
    assertEquals(0, again.exit(), again.all());
    assertEquals(List.of(), registry.targets(), "a re-run with the files in the cache makes no request");
    assertTrue(Files.exists(p.vendor(cachePath("sha512", B))));
  }

  @Test
  void aPackageWithoutResolvedGetsAPackumentAndIndexEntriesAsNpmLooksThemUp() throws Exception {
    project(lockJson(), "");
    assertEquals(0, p.fetch().exit());
    String packumentUrl = registry.url("/reg/@s%2fb");
    Path bucket = p.vendor(indexPath("make-fetch-happen:request-cache:" + packumentUrl));
    List<String> lines = Files.readString(bucket).lines().filter(l -> !l.isEmpty()).toList();
    assertEquals(2, lines.size(), "one entry per Accept npm sends: " + lines);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      String[] parts = line.split("\t", 2);
      assertEquals(hex("SHA-1", parts[1].getBytes(StandardCharsets.UTF_8)), parts[0], "cacache's line hash");
      JsonNode e = json.readTree(parts[1]);
      assertEquals(packumentUrl, e.path("metadata").path("url").asText());
      byte[] body = Files.readAllBytes(p.vendor(contentPath(e.path("integrity").asText())));
      JsonNode packument = json.readTree(body);
      assertEquals(registry.url("/reg/@s/b/-/b-2.0.0.tgz"),
          packument.path("versions").path("2.0.0").path("dist").path("tarball").asText());
      assertEquals(sri("sha512", B), packument.path("versions").path("2.0.0").path("dist").path("integrity").asText());
      assertEquals(sri("sha512", body), e.path("integrity").asText());
    }
    assertTrue(lines.get(0).contains("application/vnd.npm.install-v1+json") || lines.get(1).contains("install-v1"));
    String tarballKey = "make-fetch-happen:request-cache:" + registry.url("/reg/@s/b/-/b-2.0.0.tgz");
    assertTrue(Files.exists(p.vendor(indexPath(tarballKey))), "the tarball URL is indexed too");
    assertFalse(Files.exists(p.vendor(indexPath("make-fetch-happen:request-cache:" + registry.url("/reg/a")))),
        "a package with resolved needs no packument");
  }

  /** cacache's content path for an SRI string. */
  private static String contentPath(String sri) {
    String h = HexFormat.of().formatHex(Base64.getDecoder().decode(sri.substring("sha512-".length())));
    return "npm/_cacache/content-v2/sha512/" + h.substring(0, 2) + "/" + h.substring(2, 4) + "/" + h.substring(4);
  }

  @Test
  void aTamperedTarballExits3NamingThePackageAndPlacesNothing() throws Exception {
    registry.put("/reg/@s/b/-/b-2.0.0.tgz", "application/octet-stream", bytes("something else"));
    project(lockJson(), "");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("@s/b@2.0.0") && r.err().contains("integrity mismatch"), r.err());
    assertFalse(Files.exists(dir.resolve("vendor")));
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
  }

  @Test
  void twoPackagesClaimingOneIntegrityAreRefusedBeforeAnyDownload() throws Exception {
    // the integrity decides the path in npm's cache: one tarball cannot stand for two packages
    project(lockJson().replace(sri("sha512", A), sri("sha512", B)), "");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("the same integrity"), r.err());
    assertEquals(List.of(), registry.targets());
  }

  @Test
  void editingTheLockFileMakesTheSourceStaleForFrozen() throws Exception {
    project(lockJson(), "");
    assertEquals(0, p.fetch().exit());
    assertEquals(0, p.cli.run("fetch", "--frozen").exit());
    Files.writeString(dir.resolve("package-lock.json"), lockJson().replace("\"version\":\"1.0.0\",\"workspaces\"",
        "\"version\":\"1.0.1\",\"workspaces\""));
    CliRunner.Result r = p.cli.run("fetch", "--frozen");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("app: manifest entry changed"), r.err());
  }

  @Test
  void aTarballOnAnotherHostNeedsHostsAndGetsNoToken() throws Exception {
    try (FakeRegistry cdn = new FakeRegistry(TLS, "localhost")) {
      cdn.put("/files/a-1.0.0.tgz", "application/octet-stream", A);
      String hostPort = "localhost:" + okhttp3.HttpUrl.get(cdn.url("/")).port();
      project(lockJson().replace(registry.url("/reg/a/-/a-1.0.0.tgz"), cdn.url("/files/a-1.0.0.tgz")), "");
      CliRunner.Result refused = p.fetch();
      assertEquals(3, refused.exit(), refused.all());
      assertTrue(refused.err().contains("a@1.0.0") && refused.err().contains(hostPort)
          && refused.err().contains("hosts:"), refused.err());
      assertEquals(List.of(), cdn.targets());
      assertFalse(Files.exists(dir.resolve("vendor")));

      project(lockJson().replace(registry.url("/reg/a/-/a-1.0.0.tgz"), cdn.url("/files/a-1.0.0.tgz")),
          ", hosts: ['" + hostPort + "']");
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      RecordedRequest got = cdn.requests().get(0);
      assertNull(got.getHeaders().get("Authorization"), "the registry's token goes to the registry only");
      p.assertNoSecretLeaked(r);
    }
  }

  @Test
  void aSha1OnlyIntegrityIsCheckedWithAWarning() throws Exception {
    project(lockJson().replace(sri("sha512", A), sri("sha1", A)), "");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.err().contains("only a sha1 integrity for a@1.0.0"), r.err());
    assertTrue(Files.exists(p.vendor(cachePath("sha1", A))));
  }

  @Test
  void lockFilesNpmCannotDescribeAreManifestErrorsNamingThePackage() throws Exception {
    Files.writeString(dir.resolve("v1.json"), "{\"lockfileVersion\":1,\"dependencies\":{}}");
    Files.writeString(dir.resolve("git.json"), """
        {"lockfileVersion":3,"packages":{"node_modules/g":{"version":"1.0.0",
          "resolved":"git+ssh://git@github.com/corp/g.git#0123456789abcdef0123456789abcdef01234567"}}}""");
    Files.writeString(dir.resolve("bare.json"), """
        {"lockfileVersion":2,"packages":{"node_modules/n":{"version":"1.0.0"}}}""");
    String reg = registry.url("/reg");
    p.manifest("  - { name: v1, npm: { registry: '" + reg + "', lockfile: v1.json } }\n"
        + "  - { name: git, npm: { registry: '" + reg + "', lockfile: git.json } }\n"
        + "  - { name: bare, npm: { registry: '" + reg + "', lockfile: bare.json } }\n"
        + "  - { name: both, npm: { registry: '" + reg + "', lockfile: bare.json, package: 'x@1.0.0' } }\n"
        + "  - { name: gone, npm: { registry: '" + reg + "', lockfile: missing.json } }\n"
        + "  - { name: dir, npm: { registry: '" + reg + "', lockfile: sub } }\n");
    Files.createDirectories(dir.resolve("sub"));
    CliRunner.Result r = p.fetch();
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:7:") && r.err().contains("npm install --lockfile-version 3"), r.err());
    assertTrue(r.err().contains("node_modules/g: a git dependency (git+ssh://github.com/corp/g.git"), r.err());
    assertTrue(r.err().contains("node_modules/n (n@1.0.0): no \"integrity\""), r.err());
    assertTrue(r.err().contains("package and lockfile exclude each other"), r.err());
    assertTrue(r.err().contains("cannot read missing.json"), r.err());
    assertTrue(r.err().contains("sub is not a regular file"), r.err());
    assertEquals(List.of(), registry.targets());
  }

  static String indexPath(String key) {
    String h = hex("SHA-256", key.getBytes(StandardCharsets.UTF_8));
    return "npm/_cacache/index-v5/" + h.substring(0, 2) + "/" + h.substring(2, 4) + "/" + h.substring(4);
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path x : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(x);
      }
    }
  }
}
