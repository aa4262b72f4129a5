package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import dev.airlock.lock.LockFile;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile checkout: symlinks planted where airlock writes ({@code vendor/files}, {@code vendor},
 * {@code .airlock}, {@code fetch.lock}) and a lock naming paths outside the vendor dir. Nothing
 * outside the project is written or deleted, whatever the checkout holds.
 */
class HostileProjectTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  @TempDir Path victim;
  MockWebServer server;
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().code(200).body("fresh contents").build();
      }
    });
    TLS.writeCa(project);
    Files.createDirectories(victim.resolve("alpha"));
    Files.writeString(victim.resolve("alpha/a.bin"), "the victim's file");
    Files.createDirectories(victim.resolve("old"));
    Files.writeString(victim.resolve("old/data.txt"), "the victim's other file");
    Files.createDirectories(victim.resolve("bin"));
    Files.writeString(victim.resolve("bin/mytool"), "#!/bin/sh\necho mine\n");
    cli = new CliRunner(project, home);
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\ntls: { caCerts: [ca.pem] }\nsources:\n"
        + "  - { name: alpha, http: { url: '" + server.url("/a.bin") + "' } }\n");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** Every path under the victim folder with its content: what must not change. */
  Map<String, String> victimState() throws Exception {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> s = Files.walk(victim)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        state.put(victim.relativize(p).toString(),
            Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "(dir)");
      }
    }
    return state;
  }

  /** A lock as a previous run would have left it, with a source "old" that has left the manifest. */
  void lockWithRemovedSource(String oldFile) {
    LockFile.write(project.resolve("fetch.lock"), Lock.of(java.util.List.of(
        LockEntry.of("old", "http", "f".repeat(64), Map.of("url", "https://example.invalid/old"),
            Map.of(oldFile, "0".repeat(64))))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"vendor/files", "vendor", ".airlock"})
  void aPlantedSymlinkIsNeverWrittenOrDeletedThrough(String planted) throws Exception {
    lockWithRemovedSource("files/old/data.txt");
    Path link = project.resolve(planted);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, victim);
    if (planted.equals("vendor")) {
      Files.createDirectories(victim.resolve("files"));
      Files.move(victim.resolve("alpha"), victim.resolve("files/alpha"));
    }
    Map<String, String> before = victimState();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("symlink"), r.err());
    assertTrue(r.err().contains(planted), r.err());
    assertEquals(before, victimState(), "the victim folder changed");
    assertTrue(Files.isSymbolicLink(link), "the link itself is left alone");
  }

  @Test
  void aSymlinkToHomeUnderGitIsNotWrittenThrough() throws Exception {
    // vendor/git -> $HOME with a lock that would prune git/bin/mytool
    lockWithRemovedSource("git/bin/mytool");
    Files.createDirectories(project.resolve("vendor"));
    Files.createSymbolicLink(project.resolve("vendor/git"), victim);
    Map<String, String> before = victimState();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("vendor/git"), r.err());
    assertEquals(before, victimState());
  }

  @Test
  void aVendorDirOptionThroughAPlantedSymlinkIsRefused() throws Exception {
    Files.createSymbolicLink(project.resolve("build"), victim);
    Map<String, String> before = victimState();
    CliRunner.Result r = cli.run("fetch", "--vendor-dir", "build/vendor");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("build"), r.err());
    assertEquals(before, victimState());
  }

  @Test
  void aSymlinkedLockFileIsRefused() throws Exception {
    Files.writeString(victim.resolve("lock.yaml"), "version: 1\nsources: {}\n");
    Files.createSymbolicLink(project.resolve("fetch.lock"), victim.resolve("lock.yaml"));
    Map<String, String> before = victimState();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.lock"), r.err());
    assertEquals(before, victimState());
    assertTrue(Files.isSymbolicLink(project.resolve("fetch.lock")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim/old/data.txt", "files/../../x", "ABSOLUTE", "files//x", "files/./x"})
  void aLockNamingPathsOutsideTheVendorDirIsInvalid(String path) throws Exception {
    // an absolute path into the victim folder, never a system file (the old code would prune it)
    lockWithRemovedSource(path.equals("ABSOLUTE") ? victim.resolve("old/data.txt").toString() : path);
    Map<String, String> before = victimState();
    CliRunner.Result r = cli.run("fetch");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.lock"), r.err());
    assertEquals(before, victimState());
  }
}
