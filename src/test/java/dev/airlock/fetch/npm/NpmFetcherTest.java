package dev.airlock.fetch.npm;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.hex;
import static dev.airlock.testing.PackageProject.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.FakeRegistry;
import dev.airlock.testing.PackageProject;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npm:} sources through the CLI against an HTTPS registry serving packuments. */
class NpmFetcherTest {
  static final TestTls TLS = new TestTls();
  static final byte[] TGZ = bytes("tarball of @corp/ui-kit 3.2.1");
  static final String PACKUMENT = "/@corp%2fui-kit";
  @TempDir Path dir;
  @TempDir Path home;
  FakeRegistry registry;
  PackageProject p;

  @BeforeEach
  void setUp() throws Exception {
    registry = new FakeRegistry(TLS, "127.0.0.1");
    p = new PackageProject(TLS, dir, home, "127.0.0.1");
    registry.requireAuthorization(p.bearer());
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  static String sri(String alg, byte[] data) throws Exception {
    return alg + "-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance(
        alg.equals("sha512") ? "SHA-512" : "SHA-1").digest(data));
  }

  static String packument(String tarball, String integrity, String shasum) {
    return """
        {"name":"@corp/ui-kit","dist-tags":{"latest":"3.2.1"},"modified":"2024-01-01T00:00:00.000Z",
         "versions":{
          "3.2.0":{"name":"@corp/ui-kit","version":"3.2.0","dist":{"tarball":"https://x.invalid/old.tgz"}},
          "3.2.1":{"name":"@corp/ui-kit","version":"3.2.1",
                   "dist":{"tarball":"%s"%s%s}}}}
        """.formatted(tarball, integrity == null ? "" : ",\"integrity\":\"" + integrity + "\"",
        shasum == null ? "" : ",\"shasum\":\"" + shasum + "\"");
  }

  void source() throws Exception {
    p.manifest("  - { name: ui-kit, credentials: tok, npm: { registry: '" + registry.url("/")
        + "', package: '@corp/ui-kit@3.2.1' } }\n");
  }

  @Test
  void scopedPackumentIsRequestedAsNpmDoesAndTheTarballVerifiedWithSha512() throws Exception {
    registry.put(PACKUMENT, "application/vnd.npm.install-v1+json", packument(
        registry.url("/@corp/ui-kit/-/ui-kit-3.2.1.tgz"), sri("sha512", TGZ), hex("SHA-1", TGZ)));
    registry.put("/@corp/ui-kit/-/ui-kit-3.2.1.tgz", "application/octet-stream", TGZ);
    source();
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    RecordedRequest first = registry.requests().get(0);
    assertEquals(PACKUMENT, first.getTarget());
    assertTrue(first.getHeaders().get("Accept").startsWith("application/vnd.npm.install-v1+json"));
    assertEquals(sha256(TGZ), sha256(Files.readAllBytes(p.vendor("npm/corp-ui-kit-3.2.1.tgz"))));
    String lock = p.lock();
    assertTrue(lock.contains("integrity: \"" + sri("sha512", TGZ) + "\""), lock);
    assertTrue(lock.contains("tarball: " + registry.url("/@corp/ui-kit/-/ui-kit-3.2.1.tgz")), lock);
    assertFalse(r.err().contains("sha1"), r.err());
    p.assertNoSecretLeaked(r);
    assertEquals(0, p.cli.run("verify").exit());
  }

  @Test
  void unscopedNameUnderARegistryPath() throws Exception {
    registry.put("/api/npm/left-pad", "application/json", packument(registry.url("/t/left-pad-1.3.0.tgz"),
        sri("sha512", TGZ), null).replace("@corp/ui-kit", "left-pad").replace("3.2.1", "1.3.0"));
    registry.put("/t/left-pad-1.3.0.tgz", "application/octet-stream", TGZ);
    p.manifest("  - { name: lp, credentials: tok, npm: { registry: '" + registry.url("/api/npm")
        + "', package: 'left-pad@1.3.0' } }\n");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.exists(p.vendor("npm/left-pad-1.3.0.tgz")));
  }

  @Test
  void integrityMismatchExits3AndPlacesNothing() throws Exception {
    registry.put(PACKUMENT, "application/json", packument(registry.url("/t.tgz"), sri("sha512", bytes("x")), null));
    registry.put("/t.tgz", "application/octet-stream", TGZ);
    source();
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("integrity mismatch"), r.err());
    assertFalse(Files.exists(p.vendor("npm")));
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
  }

  @Test
  void shasumOnlyIsAFallbackWithAWarningAndStillChecked() throws Exception {
    registry.put(PACKUMENT, "application/json", packument(registry.url("/t.tgz"), null, hex("SHA-1", TGZ)));
    registry.put("/t.tgz", "application/octet-stream", TGZ);
    source();
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.err().contains("only a sha1 shasum"), r.err());
    assertTrue(p.lock().contains("integrity: \"" + sri("sha1", TGZ) + "\""), p.lock());

    registry.put(PACKUMENT, "application/json", packument(registry.url("/t.tgz"), null, hex("SHA-1", bytes("x"))));
    p.clearCache();
    Files.delete(dir.resolve("fetch.lock"));
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("integrity mismatch"), r.err());
  }

  @Test
  void tarballOnAnotherHostGetsNoToken() throws Exception {
    try (FakeRegistry files = new FakeRegistry(TLS, "localhost")) {
      files.put("/tarballs/ui-kit-3.2.1.tgz", "application/octet-stream", TGZ);
      registry.put(PACKUMENT, "application/json",
          packument(files.url("/tarballs/ui-kit-3.2.1.tgz"), sri("sha512", TGZ), null));
      source();
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      assertEquals(p.bearer(), registry.requests().get(0).getHeaders().get("Authorization"));
      assertNull(files.requests().get(0).getHeaders().get("Authorization"));
      p.assertNoSecretLeaked(r);
    }
  }

  @Test
  void aLoginPageOrAMissingVersionIsAnError() throws Exception {
    registry.put(PACKUMENT, "text/html", "<html><form><input type=password name=p></form></html>");
    source();
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("not a packument (a login page?)"), r.err());

    registry.put(PACKUMENT, "application/json", packument(registry.url("/t.tgz"), sri("sha512", TGZ), null)
        .replace("\"3.2.1\":{", "\"3.3.0\":{"));
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("has no version 3.2.1 (versions: 3.2.0, 3.3.0)"), r.err());
    assertFalse(Files.exists(p.vendor("npm")));
  }
}
