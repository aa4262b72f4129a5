package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestRepo;
import dev.airlock.testing.TestRepo.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A project dir, a $HOME, a cache, and a test repository with one commit on main (tagged v1). */
abstract class GitFixture {
  @TempDir Path project;
  @TempDir Path home;
  @TempDir Path repos;
  TestRepo repo;
  ObjectId c1;
  CliRunner cli;

  static Map<String, Entry> tree(Object... pathAndEntry) {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (int i = 0; i < pathAndEntry.length; i += 2) {
      m.put((String) pathAndEntry[i], (Entry) pathAndEntry[i + 1]);
    }
    return m;
  }

  void createRepo() throws IOException {
    repo = TestRepo.create(repos.resolve("r.git"));
    c1 = repo.commit(tree("README.md", Entry.file("hello\n"), "bin/run", Entry.exec("#!/bin/sh\necho hi\n"),
        "docs/a.txt", Entry.file("a\n"), "docs/link", Entry.symlink("a.txt")));
    repo.branch("main", c1);
    repo.head("main");
    repo.tag("v1", c1);
    cli = new CliRunner(project, home).env("AIRLOCK_CACHE", home.resolve("cache").toString());
  }

  @AfterEach
  void closeRepo() {
    if (repo != null) {
      repo.close();
    }
  }

  void manifest(String credentials, String source) throws IOException {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\n"
        + (credentials.isEmpty() ? "" : "credentials:\n" + credentials.indent(2))
        + "sources:\n" + source.indent(2));
  }

  Path vendor(String name) {
    return project.resolve("vendor/git").resolve(name);
  }

  /** A fresh cache, so the next fetch must go to the server. */
  void dropCache() {
    cli.env("AIRLOCK_CACHE", home.resolve("cache-" + System.nanoTime()).toString());
  }

  static void assertOk(CliRunner.Result r) {
    assertEquals(0, r.exit(), r.all());
  }

  static void assertExit(int code, CliRunner.Result r) {
    assertEquals(code, r.exit(), r.all());
  }

  /** No path under {@code root} is named .git, and no symlink under it points outside it. */
  static void assertContained(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Path real = root.toRealPath();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        assertFalse(p.getFileName().toString().equalsIgnoreCase(".git"), "a .git in the output: " + p);
        if (Files.isSymbolicLink(p)) {
          Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
          assertFalse(!target.startsWith(root) && !target.startsWith(real), "symlink out: " + p);
        }
      }
    }
  }

  String lock() throws IOException {
    return Files.readString(project.resolve("fetch.lock"));
  }
}
