package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEP 751 files: what is read, and every refusal naming the package. */
class PylockFileTest {
  static final String H = "d".repeat(64);
  @TempDir Path dir;

  PylockFile.Result read(String toml) throws Exception {
    Files.writeString(dir.resolve("pylock.toml"), toml);
    return PylockFile.read(dir.resolve("pylock.toml"), "pylock.toml");
  }

  @Test
  void wheelsAndSdistWithTheirUrlsAndHashes() throws Exception {
    PylockFile.Result r = read("""
        lock-version = "1.0"
        [[packages]]
        name = "Alpha_Lib"
        version = "2.0"
        index = "https://pypi.example/simple"
        sdist = { url = "https://files.example/a/alpha_lib-2.0.tar.gz?x=1", hashes = { sha256 = "%1$s" } }
        wheels = [{ name = "alpha_lib-2.0-py3-none-any.whl", url = "https://files.example/w", hashes = { sha256 = "%1$s", sha512 = "x" } }]
        """.formatted(H.toUpperCase()));
    assertEquals(List.of(), r.errors());
    PylockFile.Package p = r.packages().get(0);
    assertEquals("Alpha_Lib", p.project());
    assertEquals("2.0", p.version().orElseThrow().canonical());
    assertEquals(List.of(new PylockFile.FileRef("alpha_lib-2.0-py3-none-any.whl", "https://files.example/w", H),
        new PylockFile.FileRef("alpha_lib-2.0.tar.gz", "https://files.example/a/alpha_lib-2.0.tar.gz?x=1", H)), p.files());
    assertEquals(64, r.sha256().length());
  }

  @Test
  void refusalsNameThePackage() throws Exception {
    PylockFile.Result r = read("""
        lock-version = "1.0"
        [[packages]]
        name = "fromgit"
        vcs = { type = "git", url = "https://g.example/x.git", commit-id = "abc" }
        [[packages]]
        name = "local"
        wheels = [{ path = "dist/local-1.0-py3-none-any.whl", hashes = { sha256 = "%1$s" } }]
        [[packages]]
        name = "nohash"
        sdist = { url = "https://f.example/nohash-1.0.tar.gz", hashes = { md5 = "00" } }
        """.formatted(H));
    assertEquals(List.of(
        "pylock.toml: packages[0] (fromgit): vcs packages are not supported (only wheels and sdists from an index)",
        "pylock.toml: packages[1] (local): wheels[0]: no url (a file given only by path is not fetched from an index)",
        "pylock.toml: packages[2] (nohash): sdist: no hashes.sha256 (airlock verifies every file against the lock's hash)"),
        r.errors());
  }

  @Test
  void versionAndSyntax() throws Exception {
    assertEquals(List.of("pylock.toml: lock-version is '2.0'; airlock reads PEP 751 lock-version 1.x"),
        read("lock-version = \"2.0\"\n").errors());
    List<String> errors = read("lock-version = \"1.0\"\n\n[[packages]\nname = 1\n").errors();
    assertTrue(errors.size() == 1 && errors.get(0).matches("pylock.toml:[34]: not valid TOML"), errors.toString());
  }
}
