package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.FetchException;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.SshGitServer;
import dev.airlock.testing.TestRepo.Entry;
import dev.airlock.placement.SafeExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a git tree may put into vendor (security cases 47-50, docs/security-cases.md), over SSH to the in-process server. */
class GitContentTest extends GitFixture {
  static final KeyPair CLIENT_KEY = SshGitServer.generateKey();
  SshGitServer server;

  @BeforeEach
  void setUp() throws Exception {
    createRepo();
    server = SshGitServer.start(repo.repo, CLIENT_KEY.getPublic(), SshGitServer.Mode.PUBLICKEY);
    Files.createDirectories(home.resolve(".ssh"));
    SshGitServer.writePrivateKey(CLIENT_KEY, home.resolve(".ssh/k"), null);
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  void gitManifest(String ref, String extra) throws Exception {
    manifest("k: { ssh: { key: ~/.ssh/k } }\n", "- name: repo\n  credentials: k\n  git: { url: \"ssh://git@127.0.0.1:"
        + server.port() + "/r.git\", ref: \"" + ref + "\"" + extra + " }\n");
  }

  @Test
  void case47_aPinnedNonTipCommitIsFetchedShallowlyAndExactly() throws Exception {
    ObjectId c2 = repo.commit(tree("README.md", Entry.file("two\n"), "new.txt", Entry.file("n\n")), c1);
    ObjectId c3 = repo.commit(tree("README.md", Entry.file("three\n")), c2);
    repo.branch("main", c3);
    gitManifest(c2.name(), "");
    CliRunner.Result r = cli.run("fetch", "-v");
    assertOk(r);
    assertTrue(r.err().contains("(depth 1)"), r.err());
    assertTrue(lock().contains("commit: " + c2.name()), lock());
    assertEquals("two\n", Files.readString(vendor("repo").resolve("README.md")));
    assertEquals("n\n", Files.readString(vendor("repo").resolve("new.txt")));
    assertFalse(Files.exists(vendor("repo").resolve("bin")));
    assertContained(project.resolve("vendor"));
    // depth 1: the cache holds c2 but not its parent c1
    Path cacheRepo = CacheRepo.dir(home.resolve("cache"), dev.airlock.manifest.GitUrlPolicy.check(
        "ssh://git@127.0.0.1:" + server.port() + "/r.git").url().orElseThrow());
    try (var cached = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(cacheRepo.toFile()).build()) {
      assertTrue(cached.getObjectDatabase().has(c2));
      assertFalse(cached.getObjectDatabase().has(c1), "not a shallow fetch");
      assertFalse(Files.readString(cacheRepo.resolve("config")).contains("url"), "a URL in the cache config");
    }
  }

  @Test
  void aTreeWhosePathsDifferOnlyInCaseOrNormalisationIsRefusedAndNothingPlaced() throws Exception {
    ObjectId c2 = repo.commit(tree("README", Entry.file("upper\n"), "docs/readme", Entry.file("a\n"),
        "Docs/other", Entry.file("b\n")), c1);
    repo.branch("main", c2);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    // refused on receipt already (names in one tree object), naming both
    assertTrue(r.err().contains("'Docs' and 'docs' differ only in case"), r.err());
    assertFalse(Files.exists(project.resolve("vendor")), "nothing placed");
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    ObjectId c3 = repo.commit(tree("caf\u00e9.txt", Entry.file("nfc\n"), "cafe\u0301.txt", Entry.file("nfd\n")), c1);
    repo.branch("main", c3);
    CliRunner.Result nfd = cli.run("fetch");
    assertExit(3, nfd);
    assertTrue(nfd.err().contains("'caf\u00e9.txt' and 'cafe\u0301.txt' differ only in Unicode normalisation")
        || nfd.err().contains("'cafe\u0301.txt' and 'caf\u00e9.txt' differ only in Unicode normalisation"), nfd.err());
    assertFalse(Files.exists(project.resolve("vendor")), "nothing placed");
  }

  @Test
  void withAllowCaseCollisionsSuchATreeIsPlacedAndTurningItOffChecksItAgain() throws Exception {
    ObjectId c2 = repo.commit(tree("README", Entry.file("upper\n"), "readme", Entry.file("lower\n"),
        "Docs/other", Entry.file("b\n"), "docs/readme", Entry.file("a\n"),
        "caf\u00e9.txt", Entry.file("nfc\n"), "cafe\u0301.txt", Entry.file("nfd\n")), c1);
    repo.branch("main", c2);
    gitManifest("main", ", allowCaseCollisions: true");
    CliRunner.Result r = cli.run("fetch");
    assertOk(r);
    assertEquals("upper\n", Files.readString(vendor("repo").resolve("README")));
    assertEquals("lower\n", Files.readString(vendor("repo").resolve("readme")));
    assertEquals("b\n", Files.readString(vendor("repo").resolve("Docs/other")));
    assertEquals("a\n", Files.readString(vendor("repo").resolve("docs/readme")));
    assertEquals("nfd\n", Files.readString(vendor("repo").resolve("cafe\u0301.txt")));
    String lock = lock();
    assertTrue(lock.contains("git/repo/readme:"), lock);
    assertOk(cli.run("verify"));

    gitManifest("main", "");
    CliRunner.Result off = cli.run("fetch");
    assertExit(3, off);
    assertTrue(off.err().contains("differ only in"), off.err());
    assertEquals(lock, lock(), "the lock changed");
    assertEquals("lower\n", Files.readString(vendor("repo").resolve("readme")), "vendor changed");
  }

  @Test
  void withAllowCaseCollisionsExactDuplicatesAndDotGitInAnySpellingAreStillRefused() throws Exception {
    gitManifest("main", ", allowCaseCollisions: true");
    repo.branch("main", commitWithTwoEntriesNamed("README"));
    CliRunner.Result dup = cli.run("fetch");
    assertExit(3, dup);
    assertTrue(dup.err().contains("duplicate"), dup.err());
    assertFalse(Files.exists(project.resolve("vendor")), "something was written");
    for (String dotGit : List.of(".GIT", ".g\u200cit", ".Git.")) {
      repo.branch("main", repo.commit(tree("README", Entry.file("ok\n"), dotGit + "/config", Entry.file("evil\n"))));
      CliRunner.Result r = cli.run("fetch");
      assertExit(3, r);
      assertFalse(Files.exists(project.resolve("vendor")), dotGit + ": something was written");
      assertFalse(Files.exists(project.resolve("fetch.lock")));
    }
  }

  /** A commit whose tree holds {@code name} twice: only a hand-made tree can (git's own tools never write one). */
  private ObjectId commitWithTwoEntriesNamed(String name) throws Exception {
    try (ObjectInserter ins = repo.repo.newObjectInserter()) {
      TreeFormatter t = new TreeFormatter();
      t.append(name, FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "one\n".getBytes(StandardCharsets.UTF_8)));
      t.append(name, FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "two\n".getBytes(StandardCharsets.UTF_8)));
      ins.flush();
      return repo.commit(t);
    }
  }


  @Test
  void case48_aLockedCommitTheServerNoLongerHasIsAHardFailure() throws Exception {
    ObjectId c2 = repo.commit(tree("README.md", Entry.file("two\n")), c1);
    repo.branch("main", c2);
    gitManifest("main", "");
    assertOk(cli.run("fetch"));
    String lockBefore = lock();
    // history is rewritten: main is force-pushed to an unrelated commit and c2 is gone
    try (var other = dev.airlock.testing.TestRepo.create(repos.resolve("other.git"));
        SshGitServer rewritten = SshGitServer.start(other.repo, CLIENT_KEY.getPublic(), SshGitServer.Mode.PUBLICKEY)) {
      ObjectId x = other.commit(tree("README.md", Entry.file("rewritten\n")));
      other.branch("main", x);
      Files.writeString(home.resolve(".ssh/known_hosts"), rewritten.knownHostsLine());
      Files.writeString(project.resolve("fetch.lock"), lockBefore.replace(":" + server.port() + "/", ":" + rewritten.port() + "/"));
      manifest("k: { ssh: { key: ~/.ssh/k } }\n", "- name: repo\n  credentials: k\n  git: { url: \"ssh://git@127.0.0.1:"
          + rewritten.port() + "/r.git\", ref: main }\n");
      // the fingerprint changed with the URL: re-pin the same commit under the new URL's fingerprint
      String fp = dev.airlock.manifest.ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml",
          new dev.airlock.common.Environment(Map.of(), home, project)).sources().get(0).fingerprint();
      String lock = Files.readString(project.resolve("fetch.lock")).replaceAll("fingerprint: sha256:[0-9a-f]+",
          "fingerprint: " + fp);
      Files.writeString(project.resolve("fetch.lock"), lock);
      byte[] vendorBefore = Files.readAllBytes(vendor("repo").resolve("README.md"));
      dev.airlock.placement.AtomicFiles.deleteTree(vendor("repo").resolve("README.md"));
      dropCache();
      CliRunner.Result r = cli.run("fetch");
      assertExit(3, r);
      assertTrue(r.err().contains(c2.name()), r.err());
      assertEquals(lock, lock(), "the lock changed");
      assertFalse(Files.exists(vendor("repo").resolve("README.md")), "vendor changed");
      assertEquals("two\n", new String(vendorBefore));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".git", ".GIT", ".Git", "a/../../x", "git~1", ".git. "})
  void case49_unsafeTreeEntriesFailTheFetchAndWriteNothing(String name) throws Exception {
    ObjectId bad = repo.commit(tree("README.md", Entry.file("ok\n"), name.contains("/") ? name : name + "/hooks/x",
        Entry.file("evil\n")));
    repo.branch("main", bad);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertFalse(Files.exists(project.resolve("vendor")), "something was written");
    assertFalse(Files.exists(project.resolve("fetch.lock")));
    assertFalse(Files.exists(project.resolve("x")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".git", ".GIT", "git~1", ".git. ", "."})
  void case49_theExporterRefusesUnsafeNamesEvenWithoutFsck(String name) throws Exception {
    // defence in depth: objects already in the cache are exported without a new fsck
    ObjectId bad = repo.commit(tree("ok.txt", Entry.file("ok\n"), name + "/config", Entry.file("evil\n")));
    Path dest = project.resolve("out");
    try (ObjectReader reader = repo.repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      var exporter = new TreeExporter(reader, SafeExtractor.Limits.DEFAULT, "repo");
      FetchException e = assertThrows(FetchException.class,
          () -> exporter.export(walk.parseCommit(bad).getTree(), List.of(), dest));
      assertTrue(e.getMessage().contains("refusing tree entry"), e.getMessage());
    }
    assertFalse(Files.exists(project.resolve("config")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../../..", "../../outside", "a/../../../x"})
  void case50_symlinksOutOfTheTreeFailTheFetchNamingThem(String target) throws Exception {
    ObjectId bad = repo.commit(tree("README.md", Entry.file("ok\n"), "sub/evil", Entry.symlink(target)));
    repo.branch("main", bad);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("sub/evil"), r.err());
    assertTrue(r.err().contains("symlink"), r.err());
    assertFalse(Files.exists(project.resolve("vendor")));
    assertContained(project);
  }

  @Test
  void case50_linksThatChainOutAreRefusedToo() throws Exception {
    ObjectId bad = repo.commit(tree("a", Entry.symlink("."), "b", Entry.symlink("a/..")));
    repo.branch("main", bad);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("'b'"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "./", "sub/..", "../d"})
  void round3_linksToTheirOwnFolderOrAboveFailTheFetch(String target) throws Exception {
    ObjectId bad = repo.commit(tree("README.md", Entry.file("ok\n"), "d/ok.txt", Entry.file("ok\n"),
        "d/sub/x.txt", Entry.file("x\n"), "d/lnk", Entry.symlink(target)));
    repo.branch("main", bad);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("'d/lnk'"), r.err());
    assertTrue(r.err().contains("recursive"), r.err());
    assertFalse(Files.exists(project.resolve("vendor")));
    assertFalse(Files.exists(project.resolve("fetch.lock")));
  }

  @ParameterizedTest
  @ValueSource(strings = {".git::$INDEX_ALLOCATION", ".GIT:$DATA", "a\\b", "CON", "nul.txt", "Aux.c", "COM1",
      "lpt1.log", "a:b", "trail.", "trail ", ".git.", "git~1"})
  void round3_windowsHazardNamesAreRefusedByTheExporter(String name) throws Exception {
    // the receiving fsck follows the platform (these pass it on Linux); the export refuses them everywhere
    ObjectId bad = repo.commit(tree("ok.txt", Entry.file("ok\n"), "d/" + name + "/config", Entry.file("evil\n")));
    Path dest = project.resolve("out");
    try (ObjectReader reader = repo.repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      var exporter = new TreeExporter(reader, SafeExtractor.Limits.DEFAULT, "repo");
      FetchException e = assertThrows(FetchException.class,
          () -> exporter.export(walk.parseCommit(bad).getTree(), List.of(), dest));
      assertTrue(e.getMessage().contains("refusing tree entry"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".git::$INDEX_ALLOCATION", "CON", "aux.c", "a:b", "trail."})
  void round3_windowsHazardNamesFailTheFetchAndWriteNothing(String name) throws Exception {
    ObjectId bad = repo.commit(tree("README.md", Entry.file("ok\n"), "d/" + name, Entry.file("evil\n")));
    repo.branch("main", bad);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertFalse(Files.exists(project.resolve("vendor")), "something was written");
    assertFalse(Files.exists(project.resolve("fetch.lock")));
  }

  @Test
  void pathsLimitWhatIsVendoredAndAMissingPathFails() throws Exception {
    gitManifest("v1", ", paths: [docs, bin/run]");
    assertOk(cli.run("fetch"));
    assertTrue(Files.exists(vendor("repo").resolve("docs/a.txt")));
    assertTrue(Files.isSymbolicLink(vendor("repo").resolve("docs/link")));
    assertTrue(Files.exists(vendor("repo").resolve("bin/run")));
    assertFalse(Files.exists(vendor("repo").resolve("README.md")));
    assertFalse(lock().contains("README.md"));

    gitManifest("v1", ", paths: [nothing-here]");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("nothing-here"), r.err());
  }

  @Test
  void submodulesAreNotFollowedAndSaySo() throws Exception {
    ObjectId sub = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
    ObjectId c = repo.commit(tree("README.md", Entry.file("x\n"), "vendor/lib", Entry.submodule(sub)));
    repo.branch("main", c);
    gitManifest("main", "");
    CliRunner.Result r = cli.run("fetch");
    assertOk(r);
    assertTrue(r.err().contains("submodule 'vendor/lib' (commit " + sub.name() + ") is not fetched"), r.err());
    assertFalse(Files.exists(vendor("repo").resolve("vendor/lib")));
    // seven of them: one warning for the source, five named
    Map<String, Entry> files = new TreeMap<>(tree("README.md", Entry.file("x\n")));
    for (int i = 1; i <= 7; i++) {
      files.put("mods/m" + i, Entry.submodule(sub));
    }
    repo.branch("main", repo.commit(files));
    CliRunner.Result many = cli.run("update");
    assertOk(many);
    assertEquals(1, many.err().lines().filter(l -> l.contains("submodule")).count(), many.err());
    assertTrue(many.err().contains("7 submodules 'mods/m1' (commit " + sub.name() + "), 'mods/m2'"), many.err());
    assertTrue(many.err().contains("'mods/m5' (commit " + sub.name() + ") and 2 more are not fetched"), many.err());
  }

  @Test
  void anAnnotatedTagResolvesToItsCommit() throws Exception {
    repo.annotatedTag("v2", c1);
    gitManifest("v2", "");
    assertOk(cli.run("fetch"));
    assertTrue(lock().contains("commit: " + c1.name()), lock());
  }

  @Test
  void aChangedExecutableBitChangesTheTreeDigest() throws Exception {
    gitManifest("main", "");
    assertOk(cli.run("fetch"));
    String before = lock().replaceAll("(?s).*tree: (sha256:[0-9a-f]+).*", "$1");
    ObjectId c2 = repo.commit(tree("README.md", Entry.file("hello\n"), "bin/run", Entry.file("#!/bin/sh\necho hi\n"),
        "docs/a.txt", Entry.file("a\n"), "docs/link", Entry.symlink("a.txt")), c1);
    repo.branch("main", c2);
    assertOk(cli.run("update"));
    String after = lock().replaceAll("(?s).*tree: (sha256:[0-9a-f]+).*", "$1");
    assertFalse(before.equals(after), "mode change not in the tree digest");
  }
}
