package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import dev.airlock.testing.TreeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote cache ({@code cache:}, {@code --remote-cache}): a MockWebServer speaking Bazel's HTTP
 * cache protocol with basic auth, beside an HTTPS registry that wants its own credentials.
 */
class RemoteCacheTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  @TempDir Path projectB;
  @TempDir Path homeB;
  MockWebServer registry;
  MockWebServer cacheServer;
  final String token = Canary.next("registry-token");
  final String netrcPassword = Canary.next("registry-netrc");
  final String cachePassword = Canary.next("cache-password");
  final Map<String, String> files = new ConcurrentHashMap<>();
  /** The cache's objects: {@code /cas/<sha256>} to bytes. */
  final Map<String, byte[]> cas = new ConcurrentHashMap<>();
  final List<RecordedRequest> registryRequests = new ArrayList<>();
  final List<RecordedRequest> cacheRequests = new ArrayList<>();
  /** A fault the cache plays for GET: null (none), corrupt, truncated, 503, slow. */
  final AtomicReference<String> cacheFault = new AtomicReference<>();
  volatile boolean registryDown;
  volatile boolean putFails;

  @BeforeEach
  void setUp() throws Exception {
    files.put("/basic/a.bin", "alpha contents");
    files.put("/bearer/b.bin", "bravo contents");
    registry = TLS.httpsServer();
    registry.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        synchronized (registryRequests) {
          registryRequests.add(r);
        }
        String path = r.getUrl().encodedPath();
        String auth = r.getHeaders().get("Authorization");
        boolean allowed = !registryDown && (path.startsWith("/basic/")
            ? ("Basic " + b64("me:" + netrcPassword)).equals(auth)
            : ("Bearer " + token).equals(auth));
        if (!allowed) {
          return new MockResponse.Builder().code(401).build();
        }
        String body = files.get(path);
        return body == null ? new MockResponse.Builder().code(404).build()
            : new MockResponse.Builder().code(200).body(body).build();
      }
    });
    cacheServer = TLS.httpsServer();
    cacheServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        synchronized (cacheRequests) {
          cacheRequests.add(r);
        }
        if (!("Basic " + b64("ci:" + cachePassword)).equals(r.getHeaders().get("Authorization"))) {
          return new MockResponse.Builder().code(401).build();
        }
        String path = r.getUrl().encodedPath();
        byte[] held = cas.get(path);
        switch (r.getMethod()) {
          case "PUT":
            if (putFails) {
              return new MockResponse.Builder().code(507).build();
            }
            cas.put(path, r.getBody().toByteArray());
            return new MockResponse.Builder().code(201).build();
          case "HEAD":
            return new MockResponse.Builder().code(held == null ? 404 : 200).build();
          default:
            if (held == null) {
              return new MockResponse.Builder().code(404).build();
            }
            String fault = cacheFault.get();
            if ("503".equals(fault)) {
              return new MockResponse.Builder().code(503).build();
            }
            if ("corrupt".equals(fault)) {
              return new MockResponse.Builder().code(200).body("not what was locked").build();
            }
            if ("truncated".equals(fault)) {
              return new MockResponse.Builder().code(200).body(new Buffer().write(held, 0, held.length / 2))
                  .setHeader("Content-Length", held.length)
                  .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
            }
            return new MockResponse.Builder().code(200).body(new Buffer().write(held)).build();
        }
      }
    });
    TLS.writeCa(project);
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine " + registry.getHostName() + " login me password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void tearDown() {
    registry.close();
    cacheServer.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Runner A: registry credentials (netrc, TOKEN) and the cache's. */
  CliRunner runnerA() {
    return new CliRunner(project, home).env("TOKEN", token).env("CACHE_PASSWORD", cachePassword);
  }

  /** Runner B: a fresh project checkout and HOME; only the cache's credential. */
  CliRunner runnerB() throws Exception {
    for (String f : List.of("fetch.yaml", "fetch.lock", "ca.pem")) {
      Files.copy(project.resolve(f), projectB.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return new CliRunner(projectB, homeB).env("CACHE_PASSWORD", cachePassword);
  }

  void manifest(boolean write) throws Exception {
    manifest(write, "");
  }

  void manifest(boolean write, String moreSources) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          corp: { netrc: {} }
          art: { token: { env: TOKEN } }
          cache: { basic: { username: ci, passwordEnv: CACHE_PASSWORD } }
        cache: { remote: '%s', credentials: cache, write: %s }
        sources:
          - { name: alpha, credentials: corp, http: { url: '%s' } }
          - { name: bravo, credentials: art, http: { url: '%s' } }
        """.formatted(cacheServer.url("/ac-root/"), write, registry.url("/basic/a.bin"), registry.url("/bearer/b.bin"))
        + moreSources);
  }

  /** Paths below {@code root} with their type and content hash. */
  static Map<String, String> relative(Path root) throws Exception {
    Map<String, String> out = new java.util.TreeMap<>();
    TreeSnapshot.of(root).forEach((k, v) -> out.put(root.relativize(Path.of(k)).toString(), v));
    return out;
  }

  long count(List<RecordedRequest> requests, String method) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.getMethod().equals(method)).count();
    }
  }

  @Test
  void runnerAUploadsAndRunnerBWithOnlyTheCacheCredentialReproducesTheVendorDir() throws Exception {
    manifest(true);
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    assertEquals(2, cas.size(), cas.keySet().toString());
    assertTrue(cas.keySet().stream().allMatch(k -> k.matches("/ac-root/cas/[0-9a-f]{64}")), cas.keySet().toString());
    registryDown = true;
    int before = registryRequests.size();
    CliRunner.Result b = runnerB().run("fetch", "--frozen");
    assertEquals(0, b.exit(), b.all());
    assertEquals(before, registryRequests.size(), "runner B never asks the registry");
    assertEquals(relative(project.resolve("vendor")), relative(projectB.resolve("vendor")));
    assertTrue(relative(projectB.resolve("vendor")).size() >= 4);
    assertTrue(Files.isDirectory(homeB.resolve(".cache/airlock/files/sha256")), "a remote hit fills the local cache");
  }

  @Test
  void aPackageSourceServedByTheCacheAsksNoPackument() throws Exception {
    String tgz = "tarball of @corp/ui-kit 1.0.0";
    String sri = "sha512-" + Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("SHA-512").digest(tgz.getBytes(StandardCharsets.UTF_8)));
    files.put("/npm/@corp%2fui-kit", """
        {"name":"@corp/ui-kit","versions":{"1.0.0":{"name":"@corp/ui-kit","version":"1.0.0",
         "dist":{"tarball":"%s","integrity":"%s"}}}}
        """.formatted(registry.url("/npm/ui-kit-1.0.0.tgz"), sri));
    files.put("/npm/ui-kit-1.0.0.tgz", tgz);
    manifest(true, "  - { name: kit, credentials: art, npm: { registry: '" + registry.url("/npm/")
        + "', package: '@corp/ui-kit@1.0.0' } }\n");
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    assertEquals(3, cas.size());
    registryDown = true;
    int before = registryRequests.size();
    CliRunner.Result b = runnerB().run("fetch", "--frozen");
    assertEquals(0, b.exit(), b.all());
    assertEquals(before, registryRequests.size(), "no packument, no tarball from the registry");
    assertEquals(tgz, Files.readString(projectB.resolve("vendor/npm/corp-ui-kit-1.0.0.tgz")));
  }

  @Test
  void incompleteCacheWithoutRegistryCredentialsNamesTheMissingFileExit3() throws Exception {
    manifest(true);
    assertEquals(0, runnerA().run("fetch").exit());
    String bravo = cas.keySet().stream().filter(k -> new String(cas.get(k), StandardCharsets.UTF_8).startsWith("bravo"))
        .findFirst().orElseThrow();
    cas.remove(bravo);
    CliRunner.Result b = runnerB().run("fetch", "--frozen");
    assertEquals(3, b.exit(), b.all());
    assertTrue(b.err().contains("bravo") && b.err().contains("files/bravo/b.bin")
        && b.err().contains("not in the remote cache"), b.err());
    assertFalse(b.err().contains("alpha:"), b.err());
    assertFalse(Files.exists(projectB.resolve("vendor/files/alpha")), "nothing placed when a source fails");
  }

  @Test
  void writeOffNeverUploads() throws Exception {
    manifest(false);
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    assertEquals(0, count(cacheRequests, "PUT") + count(cacheRequests, "HEAD"));
    assertTrue(cas.isEmpty());
  }

  @Test
  void writeCanBeSwitchedOnTheCommandLine() throws Exception {
    manifest(false);
    CliRunner.Result a = runnerA().run("fetch", "--remote-cache-write");
    assertEquals(0, a.exit(), a.all());
    assertEquals(2, cas.size());
  }

  @Test
  void aRerunUploadsNothingAlreadyPresent() throws Exception {
    manifest(true);
    assertEquals(0, runnerA().run("fetch").exit());
    long puts = count(cacheRequests, "PUT");
    assertEquals(2, puts);
    CliRunner.Result b = runnerB().run("fetch", "--frozen");
    assertEquals(0, b.exit(), b.all());
    assertEquals(puts, count(cacheRequests, "PUT"), "what came from the cache is not put back");
    Files.writeString(project.resolve("vendor/files/alpha/a.bin"), "edited");
    CliRunner.Result again = runnerA().run("fetch");
    assertEquals(0, again.exit(), again.all());
    assertEquals(puts, count(cacheRequests, "PUT"), "HEAD says present: no PUT");
  }

  @Test
  void uploadFailureIsOnlyAWarning() throws Exception {
    manifest(true);
    putFails = true;
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    assertTrue(a.err().contains("could not upload"), a.err());
    assertEquals("alpha contents", Files.readString(project.resolve("vendor/files/alpha/a.bin")));
  }

  void refusedAnswerFallsBackToTheOrigin(String fault) throws Exception {
    manifest(true);
    assertEquals(0, runnerA().run("fetch").exit());
    cacheFault.set(fault);
    int before = registryRequests.size();
    CliRunner b = runnerB().env("TOKEN", token);
    Files.writeString(homeB.resolve(".netrc"), "machine " + registry.getHostName() + " login me password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(homeB.resolve(".netrc"), PosixFilePermissions.fromString("rw-------"));
    CliRunner.Result r = b.run("fetch", "--frozen");
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.err().contains("remote cache"), r.err());
    assertTrue(registryRequests.size() > before, "the origin was asked");
    assertEquals("alpha contents", Files.readString(projectB.resolve("vendor/files/alpha/a.bin")));
    assertEquals("bravo contents", Files.readString(projectB.resolve("vendor/files/bravo/b.bin")));
  }

  @Test
  void corruptAnswerIsRefusedAndTheOriginAsked() throws Exception {
    refusedAnswerFallsBackToTheOrigin("corrupt");
  }

  @Test
  void truncatedAnswerIsRefusedAndTheOriginAsked() throws Exception {
    refusedAnswerFallsBackToTheOrigin("truncated");
  }

  @Test
  void serverErrorFallsBackToTheOrigin() throws Exception {
    refusedAnswerFallsBackToTheOrigin("503");
  }

  @Test
  void corruptAnswerWithoutRegistryCredentialsFailsAndPlacesNothing() throws Exception {
    manifest(true);
    assertEquals(0, runnerA().run("fetch").exit());
    cacheFault.set("corrupt");
    CliRunner.Result r = runnerB().run("fetch", "--frozen");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("other content"), r.err());
    assertFalse(Files.exists(projectB.resolve("vendor/files/alpha/a.bin")), "nothing placed");
    assertFalse(Files.exists(homeB.resolve(".cache/airlock/files")), "nothing cached");
  }

  @Test
  void noCredentialCrossesBetweenCacheAndRegistry() throws Exception {
    manifest(true);
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    cacheFault.set("corrupt"); // runner B asks both: the cache, then the registry
    CliRunner b = runnerB().env("TOKEN", token);
    Files.writeString(homeB.resolve(".netrc"), "machine " + registry.getHostName() + " login me password " + netrcPassword + "\n"
        + "default login me password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(homeB.resolve(".netrc"), PosixFilePermissions.fromString("rw-------"));
    CliRunner.Result r = b.run("fetch", "--frozen");
    assertEquals(0, r.exit(), r.all());
    List<String> registryForms = new ArrayList<>(Canary.forms(token));
    registryForms.addAll(Canary.forms(netrcPassword, "me"));
    List<String> cacheForms = Canary.forms(cachePassword, "ci");
    synchronized (cacheRequests) {
      assertTrue(cacheRequests.size() >= 4);
      for (RecordedRequest req : cacheRequests) {
        Canary.assertAbsent("a request to the cache", req.getHeaders().toString() + req.getUrl(), registryForms);
      }
    }
    synchronized (registryRequests) {
      assertTrue(!registryRequests.isEmpty());
      for (RecordedRequest req : registryRequests) {
        Canary.assertAbsent("a request to the registry", req.getHeaders().toString() + req.getUrl(), cacheForms);
      }
    }
    List<String> all = new ArrayList<>(registryForms);
    all.addAll(cacheForms);
    Canary.assertAbsent("output", a.all() + r.all(), all);
    Canary.assertAbsentInTree(projectB, all);
    Canary.assertAbsentInTree(project, all);
  }

  @Test
  void theCachesCredentialInFetchedContentFailsTheRunAndNothingIsUploaded() throws Exception {
    files.put("/bearer/b.bin", "leaked " + cachePassword);
    manifest(true);
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(1, a.exit(), a.all());
    assertTrue(a.err().contains("a credential used by this run was found"), a.err());
    assertTrue(cas.isEmpty(), "a failed run uploads nothing");
    Canary.assertAbsent("output", a.all(), Canary.forms(cachePassword, "ci"));
  }

  @Test
  void theCacheNeverGetsNetrcWhenItHasNoCredential() throws Exception {
    Files.writeString(home.resolve(".netrc"), "machine " + registry.getHostName() + " login me password " + netrcPassword
        + "\ndefault login me password " + netrcPassword + "\n");
    manifest(true);
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml"))
        .replace(", credentials: cache,", ","));
    CliRunner.Result a = runnerA().run("fetch");
    assertEquals(0, a.exit(), a.all());
    synchronized (cacheRequests) {
      assertFalse(cacheRequests.isEmpty());
      cacheRequests.forEach(req -> assertEquals(null, req.getHeaders().get("Authorization")));
    }
  }

  @Test
  void flagAndEnvironmentNameTheCache() throws Exception {
    manifest(true);
    String yaml = Files.readString(project.resolve("fetch.yaml"));
    Files.writeString(project.resolve("fetch.yaml"), yaml.replace(cacheServer.url("/ac-root/").toString(),
        "https://cache.invalid/"));
    CliRunner.Result a = runnerA().env("AIRLOCK_REMOTE_CACHE", cacheServer.url("/ac-root/").toString()).run("fetch");
    assertEquals(0, a.exit(), a.all());
    assertEquals(2, cas.size());
    CliRunner.Result bad = runnerA().run("fetch", "--remote-cache", "http://cache.example/");
    assertEquals(2, bad.exit(), bad.all());
    assertTrue(bad.err().contains("--remote-cache") && bad.err().contains("https"), bad.err());
  }

  @Test
  void manifestErrorsPointAtTheLine() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        credentials:
          art: { token: { env: TOKEN } }
        cache:
          remote: http://cache.example/
          credentials: nope
          write: maybe
        sources: []
        """);
    CliRunner.Result r = runnerA().run("fetch");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:5:"), r.err());
    assertTrue(r.err().contains("fetch.yaml:6:") && r.err().contains("unknown credentials entry"), r.err());
    assertTrue(r.err().contains("fetch.yaml:7:"), r.err());
  }
}
