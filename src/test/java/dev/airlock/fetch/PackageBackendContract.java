package dev.airlock.fetch;

import static dev.airlock.testing.PackageProject.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every package backend must do, whatever its registry looks like: fetch with the source's
 * token and leak none of it, fail with exit 3 naming the credential on a 401, refuse a file whose
 * published hash does not match while leaving the vendor dir as it was, and send no credential
 * to another origin a file download is redirected to. Each backend's test extends it: the package
 * backends, {@code http} (the pin is the manifest's sha256) and {@code git} (the pin is a commit;
 * see {@code GitContractTest}).
 */
public abstract class PackageBackendContract {
  protected static final TestTls TLS = new TestTls();
  protected static final byte[] CONTENT = bytes("the package file, version one");
  @TempDir protected Path dir;
  @TempDir protected Path home;
  protected FakeRegistry registry;
  protected PackageProject p;

  /**
   * Serves a package whose downloaded file holds {@code content}, with the registry's published
   * hash (index sha256, checksum file, integrity) computed over {@code hashed}.
   */
  protected abstract void publish(byte[] content, byte[] hashed);

  /** The manifest's source entry (a YAML flow map line) with {@code credentials: tok}. */
  protected abstract String source();

  /** The request target of the downloaded file on {@link #registry}. */
  protected abstract String fileTarget();

  /** Where the file lands, relative to the vendor dir. */
  protected abstract String vendoredPath();

  /**
   * Makes the file's download on {@link #registry} answer 302 to {@code other}, another origin that
   * serves the same bytes without asking for a credential.
   */
  protected void redirectToAnotherOrigin(FakeRegistry other) {
    other.put("/moved", "application/octet-stream", CONTENT);
    registry.redirect(fileTarget(), other.url("/moved"));
  }

  /** How a 401's message names the source's credential {@code tok}. */
  protected String credentialNamedOn401() {
    return "tok (token";
  }

  /** How many requests the redirect target gets for the one file (a git fetch makes two). */
  protected int requestsAtRedirectTarget() {
    return 1;
  }

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new FakeRegistry(TLS, "127.0.0.1");
    p = new PackageProject(TLS, dir, home, "127.0.0.1");
    registry.requireAuthorization(p.bearer());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void fetchesWithTheTokenAndLeaksNothing() throws Exception {
    publish(CONTENT, CONTENT);
    p.manifest(source());
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertArrayEquals(CONTENT, Files.readAllBytes(p.vendor(vendoredPath())));
    assertTrue(registry.requests().stream().allMatch(q -> p.bearer().equals(q.getHeaders().get("Authorization"))));
    p.assertNoSecretLeaked(r);
    assertEquals(0, p.cli.run("verify").exit());
  }

  @Test
  void aWrongTokenExits3NamingTheCredentialAndWritesNothing() throws Exception {
    publish(CONTENT, CONTENT);
    p.manifest(source());
    CliRunner.Result r = p.cli.env("TOKEN", "wrong-" + p.token).run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("HTTP 401") && r.err().contains(credentialNamedOn401()), r.err());
    assertFalse(Files.exists(p.vendor("")));
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
    p.cli.env("TOKEN", p.token);
  }

  @Test
  void aHashMismatchExits3AndLeavesThePreviousVendorState() throws Exception {
    publish(CONTENT, CONTENT);
    p.manifest(source());
    assertEquals(0, p.fetch().exit());
    byte[] lock = Files.readAllBytes(dir.resolve("fetch.lock"));
    publish(bytes("tampered"), CONTENT);
    p.clearCache();
    Files.delete(dir.resolve("fetch.lock"));
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertArrayEquals(CONTENT, Files.readAllBytes(p.vendor(vendoredPath())), "the previous file stays");
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
    Files.write(dir.resolve("fetch.lock"), lock);
    assertEquals(0, p.cli.run("verify").exit(), "vendor still matches the old lock");
  }

  @Test
  void aFileRedirectedToAnotherOriginGetsNoCredential() throws Exception {
    try (FakeRegistry other = new FakeRegistry(TLS, "localhost")) {
      publish(CONTENT, CONTENT);
      redirectToAnotherOrigin(other);
      p.manifest(source());
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      assertEquals(requestsAtRedirectTarget(), other.requests().size(), other.targets().toString());
      other.requests().forEach(q -> assertNull(q.getHeaders().get("Authorization"), q.getTarget()));
      assertArrayEquals(CONTENT, Files.readAllBytes(p.vendor(vendoredPath())));
      p.assertNoSecretLeaked(r);
    }
  }
}
