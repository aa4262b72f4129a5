package dev.airlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {
  @TempDir Path project;
  @TempDir Path home;

  @Test
  void versionLineNamesTheVersionAndTheRecordedCommit() {
    CliRunner.Result r = new CliRunner(project, home).run("--version");
    assertEquals(0, r.exit());
    assertEquals("airlock " + Version.get() + " (commit " + Version.commit() + ")", r.out().strip());
    // the build records `git rev-parse HEAD` (this is a checkout) or says unknown
    assertTrue(Version.commit().matches("[0-9a-f]{40}|unknown"), Version.commit());
    assertTrue(!Version.get().contains("${"), Version.get());
  }

  @Test
  void anythingButAFullCommitIdIsUnknown() {
    String id = "5ac580aa4a80d53aa2e710766c449c20c9db36ec";
    assertEquals(id, Version.commit(id));
    assertEquals("unknown", Version.commit("${airlock.commit}")); // resources not filtered
    assertEquals("unknown", Version.commit(""));
    assertEquals("unknown", Version.commit("unknown"));
    assertEquals("unknown", Version.commit(id.substring(0, 12)));
  }
}
