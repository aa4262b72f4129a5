package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock fetch} and {@code verify} in-process against an HTTPS registry that demands credentials. */
class FetchCommandTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  CliRunner cli;
  final String token = Canary.next("bearer");
  final String netrcPassword = Canary.next("netrc");
  final Map<String, String> files = new ConcurrentHashMap<>();
  final Map<String, byte[]> binaries = new ConcurrentHashMap<>();
  final List<RecordedRequest> requests = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    files.put("/basic/a.bin", "alpha contents");
    files.put("/bearer/b.bin", "bravo contents");
    server = TLS.httpsServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        synchronized (requests) {
          requests.add(r);
        }
        String path = r.getUrl().encodedPath();
        String auth = r.getHeaders().get("Authorization");
        boolean allowed = path.startsWith("/basic/")
            ? ("Basic " + b64("me:" + netrcPassword)).equals(auth)
            : path.startsWith("/bearer/") ? ("Bearer " + token).equals(auth) : true;
        if (!allowed) {
          return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"x\"").build();
        }
        if (binaries.containsKey(path)) {
          return new MockResponse.Builder().code(200).body(new okio.Buffer().write(binaries.get(path))).build();
        }
        String body = files.get(path);
        return body == null ? new MockResponse.Builder().code(404).build()
            : new MockResponse.Builder().code(200).body(body).build();
      }
    });
    TLS.writeCa(project);
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine " + server.getHostName() + " login me password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    cli = new CliRunner(project, home).env("TOKEN", token);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** Only the state, lock and up-to-date files may stay in .airlock/ after a run: no staging, temp or trash. */
  void assertNoLitter() throws Exception {
    try (var s = Files.list(project.resolve(".airlock"))) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("state") && !n.equals("lock") && !n.equals("up-to-date")).toList());
    }
  }

  void clearCache() throws Exception {
    dev.airlock.placement.AtomicFiles.deleteTree(home.resolve(".cache"));
  }

  String url(String path) {
    return server.url(path).toString();
  }

  void manifest(String sources) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          corp: { netrc: {} }
          art: { token: { env: TOKEN } }
        sources:
        """ + sources);
  }

  String twoSources() throws Exception {
    return "  - { name: alpha, credentials: corp, http: { url: '" + url("/basic/a.bin") + "', sha256: "
        + sha256("alpha contents") + " } }\n"
        + "  - { name: bravo, credentials: art, http: { url: '" + url("/bearer/b.bin") + "' } }\n";
  }

  @Test
  void fetchesVendorsAndLocks() throws Exception {
    manifest(twoSources());
    CliRunner.Result r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    assertEquals("alpha contents", Files.readString(project.resolve("vendor/files/alpha/a.bin")));
    assertEquals("bravo contents", Files.readString(project.resolve("vendor/files/bravo/b.bin")));
    String lock = Files.readString(project.resolve("fetch.lock"));
    assertTrue(lock.contains("files/alpha/a.bin: " + sha256("alpha contents")), lock);
    assertTrue(lock.contains("files/bravo/b.bin: " + sha256("bravo contents")), lock);
    assertFalse(Files.exists(project.resolve("vendor/.airlock")));
    assertNoLitter();
    assertEquals(0, cli.run("verify").exit());
  }

  @Test
  void aUrlEndingInAColonLeavesALockThatReadsBackAndAFileEveryPlatformCanHold() throws Exception {
    files.put("/basic/notes:", "colon contents"); // a trailing ':' bare in YAML starts a mapping
    manifest("  - { name: colon, credentials: corp, http: { url: '" + url("/basic/notes:") + "' } }\n");
    assertEquals(0, cli.run("fetch", "--no-progress").exit());
    // ':' is a drive or a data stream on Windows: the file is saved as "download", as SafeName rules
    assertEquals("colon contents", Files.readString(project.resolve("vendor/files/colon/download")));
    CliRunner.Result verify = cli.run("verify");
    assertEquals(0, verify.exit(), verify.all());
    assertTrue(verify.out().contains("ok: 1 file matches fetch.lock"), verify.out());
    CliRunner.Result update = cli.run("update", "--no-progress");
    assertEquals(0, update.exit(), update.all());
  }

  @Test
  void secondRunDoesNoNetworkAndKeepsTheLockByteForByte() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    byte[] lock = Files.readAllBytes(project.resolve("fetch.lock"));
    int before = server.getRequestCount();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    assertEquals(before, server.getRequestCount());
    assertTrue(r.out().contains("2 up to date"), r.out());
    assertTrue(java.util.Arrays.equals(lock, Files.readAllBytes(project.resolve("fetch.lock"))));
  }

  @Test
  void lockIsTheSameWhateverTheManifestOrder() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    String first = Files.readString(project.resolve("fetch.lock"));
    String[] lines = twoSources().split("\n");
    Files.delete(project.resolve("fetch.lock"));
    manifest(lines[1] + "\n" + lines[0] + "\n");
    assertEquals(0, cli.run("fetch").exit());
    assertEquals(first, Files.readString(project.resolve("fetch.lock")));
  }

  @Test
  void integrityMismatchLeavesThePreviousState() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    byte[] lock = Files.readAllBytes(project.resolve("fetch.lock"));
    files.put("/basic/a.bin", "tampered");
    files.put("/bearer/b2.bin", "new file");
    clearCache();
    manifest(twoSources().replace("/basic/a.bin", "/basic/a.bin?v=2").replace("/bearer/b.bin", "/bearer/b2.bin"));
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("sha256 mismatch"), r.err());
    assertEquals("alpha contents", Files.readString(project.resolve("vendor/files/alpha/a.bin")));
    assertEquals("bravo contents", Files.readString(project.resolve("vendor/files/bravo/b.bin")));
    assertFalse(Files.exists(project.resolve("vendor/files/bravo/b2.bin")), "nothing placed when any source fails");
    assertTrue(java.util.Arrays.equals(lock, Files.readAllBytes(project.resolve("fetch.lock"))));
  }

  @Test
  void lockPinsTheHashWhenTheManifestHasNone() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    files.put("/bearer/b.bin", "changed upstream");
    Files.delete(project.resolve("vendor/files/bravo/b.bin"));
    clearCache();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("pinned by fetch.lock"), r.err());
  }

  @Test
  void wrongCredentialsExit3NamingSourceAndCredential() throws Exception {
    manifest(twoSources());
    cli.env("TOKEN", "wrong-" + token);
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("bravo") && r.err().contains("art"), r.err());
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    assertFalse(Files.exists(project.resolve("vendor/files/alpha")));
  }

  @Test
  void missingTokenVariableIsAUsageError() throws Exception {
    manifest(twoSources());
    CliRunner.Result r = new CliRunner(project, home).run("fetch");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("TOKEN is not set"), r.err());
    assertEquals(0, server.getRequestCount(), "credentials are checked before any request");
  }

  @Test
  void deletedVendorIsRestoredFromTheCacheWithoutNetwork() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor"));
    int before = server.getRequestCount();
    CliRunner.Result r = cli.run("fetch", "--offline");
    assertEquals(0, r.exit(), r.all());
    assertEquals(before, server.getRequestCount());
    assertEquals(0, cli.run("verify").exit());
    clearCache();
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor"));
    r = cli.run("fetch", "--offline");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("--offline"), r.err());
  }

  static byte[] tarGz(Map<String, String> entries) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
        new java.util.zip.GZIPOutputStream(bytes))) {
      for (var e : new java.util.TreeMap<>(entries).entrySet()) {
        byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
        var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void extractsArchivesAndCase61_aMismatchedArchiveIsNeverExtracted() throws Exception {
    byte[] good = tarGz(Map.of("docs/readme.txt", "hello", "bin/tool", "#!/bin/sh\n"));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        byte[] body = r.getUrl().encodedPath().equals("/pub/good.tar.gz") ? good : "not the archive".getBytes();
        return new MockResponse.Builder().code(200).body(new okio.Buffer().write(body)).build();
      }
    });
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(good));
    manifest("  - { name: tree, http: { url: '" + url("/pub/good.tar.gz") + "', sha256: " + sha + ", extract: true } }\n");
    CliRunner.Result r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    assertEquals("hello", Files.readString(project.resolve("vendor/files/tree/docs/readme.txt")));
    assertTrue(Files.readString(project.resolve("fetch.lock")).contains("files/tree/bin/tool:"));
    assertFalse(Files.exists(project.resolve("vendor/files/tree/good.tar.gz")), "the archive itself is not kept");

    manifest("  - { name: bad, http: { url: '" + url("/pub/bad.tar.gz") + "', sha256: " + sha + ", extract: true } }\n");
    clearCache();
    r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertFalse(Files.exists(project.resolve("vendor/files/bad")));
    assertNoLitter();
  }

  @Test
  void anArchiveWhosePathsDifferOnlyInCaseIsPlacedOnlyWithAllowCaseCollisions() throws Exception {
    byte[] pairs = tarGz(Map.of("README", "upper", "readme", "lower", "Kconfig/a", "1", "kconfig/b", "2"));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().code(200).body(new okio.Buffer().write(pairs)).build();
      }
    });
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pairs));
    String source = "  - { name: tree, http: { url: '" + url("/pub/pairs.tar.gz") + "', sha256: " + sha
        + ", extract: true";
    manifest(source + " } }\n");
    CliRunner.Result refused = cli.run("fetch");
    assertEquals(3, refused.exit(), refused.all());
    assertTrue(refused.err().contains("'Kconfig' and 'kconfig' differ only in case"), refused.err());
    assertFalse(Files.exists(project.resolve("vendor/files/tree")));
    assertFalse(Files.exists(project.resolve("fetch.lock")));

    manifest(source + ", allowCaseCollisions: true } }\n");
    CliRunner.Result placed = cli.run("fetch");
    assertEquals(0, placed.exit(), placed.all());
    assertEquals("upper", Files.readString(project.resolve("vendor/files/tree/README")));
    assertEquals("lower", Files.readString(project.resolve("vendor/files/tree/readme")));
    assertEquals("2", Files.readString(project.resolve("vendor/files/tree/kconfig/b")));
    String lock = Files.readString(project.resolve("fetch.lock"));

    // turned off again: the entry's fingerprint changes, so the tree is checked anew and refused
    manifest(source + " } }\n");
    CliRunner.Result again = cli.run("fetch");
    assertEquals(3, again.exit(), again.all());
    assertTrue(again.err().contains("differ only in case"), again.err());
    assertEquals(lock, Files.readString(project.resolve("fetch.lock")), "the lock is as it was");
    assertEquals("lower", Files.readString(project.resolve("vendor/files/tree/readme")), "vendor is as it was");
  }

  @Test
  void stateFileSparesHashingButAChangedFileIsNoticed() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    assertTrue(Files.readString(project.resolve(".airlock/state")).contains("files/alpha/a.bin\t"));
    Path a = project.resolve("vendor/files/alpha/a.bin");
    var mtime = Files.getLastModifiedTime(a);
    // Same size and mtime: fetch trusts the state (no re-hash, no network), verify always hashes.
    Files.writeString(a, "ALPHA contents");
    Files.setLastModifiedTime(a, mtime);
    int before = server.getRequestCount();
    assertEquals(0, cli.run("fetch").exit());
    assertEquals(before, server.getRequestCount());
    assertEquals(1, cli.run("verify").exit());
    // A different mtime: re-hashed, found changed, restored (from the cache).
    Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(mtime.toMillis() - 5000));
    CliRunner.Result r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    assertEquals("alpha contents", Files.readString(a));
    assertEquals(0, cli.run("verify").exit());
  }

  static final String SHORTCUT = "as the last successful run left them: nothing to do";

  @Test
  void anUnchangedWorkspaceIsReportedUpToDateWithoutReadingTheManifest() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    CliRunner.Result full = cli.run("fetch", "--no-progress");
    assertFalse(full.err().contains(SHORTCUT), full.err());
    int before = server.getRequestCount();
    CliRunner.Result quick = cli.run("fetch", "-v", "--no-progress");
    assertEquals(0, quick.exit(), quick.all());
    assertTrue(quick.err().contains(SHORTCUT), quick.err());
    assertEquals(before, server.getRequestCount());
    // the same report as the full path
    assertEquals(full.out().replaceAll("in \\d+ ms", ""), quick.out().replaceAll("in \\d+ ms", ""));
    assertTrue(quick.err().contains("alpha (http): up to date") && quick.err().contains("bravo (http): up to date"),
        quick.err());
    // a manifest that no longer parses is never vouched for: the bytes changed
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml")) + "bogus: [\n");
    assertEquals(2, cli.run("fetch").exit());
  }

  @Test
  void theShortcutStepsAsideForAnyChange() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    Path a = project.resolve("vendor/files/alpha/a.bin");
    // a changed vendored file: the full path restores it
    Files.writeString(a, "tampered, longer than before");
    CliRunner.Result r = cli.run("fetch", "-v");
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertEquals("alpha contents", Files.readString(a));
    assertTrue(cli.run("fetch", "-v").err().contains(SHORTCUT));
    // a missing one
    Files.delete(a);
    r = cli.run("fetch", "-v");
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertEquals("alpha contents", Files.readString(a));
    // an edited manifest (even a comment), an edited lock
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml")) + "# note\n");
    r = cli.run("fetch", "-v");
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertTrue(cli.run("fetch", "-v").err().contains(SHORTCUT));
    Files.writeString(project.resolve("fetch.lock"), Files.readString(project.resolve("fetch.lock")) + "\n");
    assertFalse(cli.run("fetch", "-v").err().contains(SHORTCUT));
    // another vendor dir, and --json, always take the full path
    r = cli.run("fetch", "-v", "--vendor-dir", "other");
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertTrue(Files.exists(project.resolve("other/files/alpha/a.bin")));
    assertTrue(cli.run("fetch", "-v", "--vendor-dir", "other").err().contains(SHORTCUT));
    assertFalse(cli.run("fetch", "-v").err().contains(SHORTCUT), "recorded for other/, not vendor/");
    r = cli.run("fetch", "-v", "--json");
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertTrue(r.out().startsWith("{"), r.out());
  }

  @Test
  void aCopiedProjectDoesNotVouchForItsOriginal() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    Path copy = home.resolve("copy");
    try (var paths = Files.walk(project)) {
      for (Path p : paths.toList()) {
        Path to = copy.resolve(project.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    dev.airlock.placement.AtomicFiles.deleteTree(copy.resolve("vendor"));
    CliRunner.Result r = new CliRunner(copy, home).env("TOKEN", token).run("fetch", "-v");
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.err().contains(SHORTCUT), r.err());
    assertEquals("alpha contents", Files.readString(copy.resolve("vendor/files/alpha/a.bin")));
  }

  @Test
  void stagingLeftByAKilledRunIsRemovedByTheNextRun() throws Exception {
    manifest(twoSources());
    Path litter = Files.createDirectories(project.resolve(".airlock/run-123/stage-alpha/files/alpha"));
    Files.writeString(litter.resolve("a.bin"), "partial");
    assertEquals(0, cli.run("fetch").exit());
    assertNoLitter();
    assertEquals(0, cli.run("verify").exit());
  }

  @Test
  void removedSourcesArePruned() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    manifest(twoSources().split("\n")[0] + "\n");
    assertEquals(0, cli.run("fetch").exit());
    assertFalse(Files.exists(project.resolve("vendor/files/bravo")));
    assertFalse(Files.readString(project.resolve("fetch.lock")).contains("bravo"));
    assertEquals(0, cli.run("verify").exit());
  }

  @Test
  void frozenNeedsAMatchingLockAndNeverWritesIt() throws Exception {
    manifest(twoSources());
    CliRunner.Result r = cli.run("fetch", "--frozen");
    assertEquals(1, r.exit(), r.all());
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    assertEquals(0, cli.run("fetch").exit());
    Files.delete(project.resolve("vendor/files/alpha/a.bin"));
    assertEquals(0, cli.run("fetch", "--frozen").exit(), "restores from the lock");
    assertTrue(Files.exists(project.resolve("vendor/files/alpha/a.bin")));
    manifest(twoSources().replace("/bearer/b.bin", "/bearer/b.bin?x=1"));
    r = cli.run("fetch", "--frozen");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("bravo"), r.err());
  }

  @Test
  void verifyReportsMissingChangedAndExtraFiles() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    Path a = project.resolve("vendor/files/alpha/a.bin");
    Path b = project.resolve("vendor/files/bravo/b.bin");
    Files.writeString(a, "changed");
    Files.delete(b);
    Files.writeString(project.resolve("vendor/files/extra.txt"), "x");
    CliRunner.Result r = cli.run("verify");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.out().contains("changed: files/alpha/a.bin"), r.out());
    assertTrue(r.out().contains("missing: files/bravo/b.bin"), r.out());
    assertTrue(r.out().contains("extra: files/extra.txt"), r.out());
  }

  @Test
  void verifyFindsAKnownCredentialInVendor() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    Files.writeString(project.resolve("vendor/files/alpha/a.bin"), "alpha contents");
    Files.writeString(project.resolve("vendor/files/bravo/leak.txt"), "Authorization: Bearer " + token);
    CliRunner.Result r = cli.run("verify");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.out().contains("credential found in: files/bravo/leak.txt"), r.out());
    Canary.assertAbsent("verify output", r.all(), Canary.forms(token));
  }

  @Test
  void fetchedContentHoldingTheRunsCredentialIsNotPlaced() throws Exception {
    files.put("/bearer/b.bin", "echo: " + b64(token));
    manifest(twoSources());
    CliRunner.Result r = cli.run("fetch");
    assertEquals(1, r.exit(), r.all());
    assertFalse(Files.exists(project.resolve("vendor/files/bravo")));
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    Canary.assertAbsent("output", r.all(), Canary.forms(token));
    assertEquals(List.of(), cachedFiles(), "a run that found its own credential caches nothing");
  }

  List<Path> cachedFiles() throws Exception {
    Path cache = home.resolve(".cache/airlock/files");
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (var s = Files.walk(cache)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aCorruptCacheEntryIsDetectedAndFetchedAgain() throws Exception {
    manifest(twoSources());
    assertEquals(0, cli.run("fetch").exit());
    Path entry = home.resolve(".cache/airlock/files/sha256/" + sha256("alpha contents").substring(0, 2) + "/"
        + sha256("alpha contents"));
    assertEquals("alpha contents", Files.readString(entry));
    assertTrue(Files.isSameFile(entry, project.resolve("vendor/files/alpha/a.bin")),
        "the entry is a hard link to the vendored file: no second copy");
    // Editing the vendored file in place spoils the entry too (same size, other bytes).
    Files.writeString(project.resolve("vendor/files/alpha/a.bin"), "alpha CONTENTS");
    assertEquals("alpha CONTENTS", Files.readString(entry));
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor"));
    // Offline, the spoilt entry is no source: exit 3 naming the source, nothing placed.
    CliRunner.Result r = cli.run("fetch", "--offline");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("alpha"), r.err());
    assertFalse(Files.exists(project.resolve("vendor/files/alpha")));
    // Online: detected on read, downloaded again (one request for alpha), and the cache is repaired.
    Files.writeString(entry, "alpha CONTENTS");
    int before = server.getRequestCount();
    r = cli.run("fetch");
    assertEquals(0, r.exit(), r.all());
    assertEquals(before + 1, server.getRequestCount());
    assertEquals("alpha contents", Files.readString(project.resolve("vendor/files/alpha/a.bin")));
    assertEquals("alpha contents", Files.readString(entry));
    assertEquals(0, cli.run("verify").exit());
  }

  @Test
  void aCredentialInsideAFetchedArchiveIsFoundBeforeAnythingIsPlaced() throws Exception {
    byte[] tgz = dev.airlock.scan.Fixtures.gzip(dev.airlock.scan.Fixtures.tar(dev.airlock.scan.Fixtures.Entry.file(
        "pkg/config.json", "{\"auth\": \"" + b64("me:" + token) + "\"}")));
    binaries.put("/bearer/b.tgz", tgz);
    manifest(twoSources().replace("/bearer/b.bin", "/bearer/b.tgz"));
    CliRunner.Result r = cli.run("fetch");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("b.tgz!/pkg/config.json"), r.err());
    assertFalse(Files.exists(project.resolve("vendor/files/bravo")));
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    Canary.assertAbsent("output", r.all(), Canary.forms(token));
  }

  @Test
  void canariesNeverLeakAtAnyVerbosityOrFailure() throws Exception {
    manifest(twoSources() + "  - { name: missing, credentials: art, http: { url: '" + url("/bearer/none.bin") + "' } }\n");
    List<String> forms = new ArrayList<>(Canary.forms(token, "me"));
    forms.addAll(Canary.forms(netrcPassword, "me"));
    for (String[] args : List.of(new String[] {"fetch"}, new String[] {"fetch", "-v"}, new String[] {"fetch", "-q"},
        new String[] {"verify", "-v"})) {
      CliRunner.Result r = cli.run(args);
      Canary.assertAbsent(String.join(" ", args), r.all(), forms);
    }
    manifest(twoSources());
    CliRunner.Result ok = cli.run("fetch", "-v");
    assertEquals(0, ok.exit(), ok.all());
    Canary.assertAbsent("fetch -v", ok.all(), forms);
    Canary.assertAbsentInTree(project.resolve("vendor"), forms);
    Canary.assertAbsentInTree(project.resolve("fetch.lock"), forms);
    Canary.assertAbsentInTree(project.resolve(".airlock"), forms);
  }

  /** Filler with {@code needle} straddling {@code at}, so it spans two reads and two scan chunks. */
  static byte[] straddling(String needle, int at, int size) {
    byte[] data = new byte[size];
    java.util.Arrays.fill(data, (byte) 'x');
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, data, at - n.length / 2, n.length);
    return data;
  }

  @Test
  void aCredentialSplitBetweenTwoReadsIsFoundWhileItDownloads() throws Exception {
    int at = 256 * 1024; // the scanner's chunk edge, and (throttled) the edge of two network reads
    byte[] leak = straddling(token, at, at + 4096);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().code(200).body(new okio.Buffer().write(leak))
            .throttleBody(at, 10, java.util.concurrent.TimeUnit.MILLISECONDS).build();
      }
    });
    manifest("  - { name: leak, credentials: art, http: { url: '" + url("/bearer/leak.bin") + "' } }\n");
    CliRunner.Result r = cli.run("fetch");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("found in fetched content: files/leak/leak.bin"), r.err());
    assertFalse(r.all().contains(token), "the value itself is never shown");
    assertFalse(Files.exists(project.resolve("vendor/files/leak")));
    assertFalse(Files.exists(home.resolve(".cache/airlock/files/sha256/" + sha256hex(leak).substring(0, 2))),
        "nothing is cached from a run whose scan failed");
    assertNoLitter();
  }

  @Test
  void aCredentialInsideADownloadedArchiveIsFoundWhileItDownloads() throws Exception {
    binaries.put("/bearer/pkg.tgz", tarGz(Map.of("package/index.js", "const t = '" + token + "';\n")));
    manifest("  - { name: pkg, credentials: art, http: { url: '" + url("/bearer/pkg.tgz") + "' } }\n");
    CliRunner.Result r = cli.run("fetch");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("files/pkg/pkg.tgz!/package/index.js"), r.err());
    assertFalse(Files.exists(project.resolve("vendor/files/pkg")));
  }

  @Test
  void aFileRestoredFromTheCacheIsScannedForThisRunsCredentials() throws Exception {
    String later = Canary.next("later");
    binaries.put("/basic/c.bin", ("before " + later + " after").getBytes(StandardCharsets.UTF_8));
    manifest("  - { name: c, credentials: corp, http: { url: '" + url("/basic/c.bin") + "' } }\n");
    assertEquals(0, cli.run("fetch").exit()); // not a credential of that run: cached and vendored
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor"));
    manifest("  - { name: c, credentials: art, http: { url: '" + url("/basic/c.bin") + "', sha256: "
        + sha256hex(binaries.get("/basic/c.bin")) + " } }\n");
    CliRunner.Result r = new CliRunner(project, home).env("TOKEN", later).run("fetch", "--offline");
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains("found in fetched content: files/c/c.bin"), r.err());
  }

  static String sha256hex(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
