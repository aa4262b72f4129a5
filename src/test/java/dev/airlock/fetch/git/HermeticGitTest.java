package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JGit reads no user or system git config and no environment (library finding 10, docs/security-cases.md). */
class HermeticGitTest {
  @TempDir Path home;

  @Test
  void theUsersGitConfigIsNotReadAndNothingIsSaved() throws Exception {
    String hostile = "[http]\n\tsslVerify = false\n[url \"https://evil.example/\"]\n\tinsteadOf = https://good.example/\n"
        + "[filter \"lfs\"]\n\tsmudge = touch /tmp/pwned\n";
    Files.writeString(home.resolve(".gitconfig"), hostile);
    FS fs = FS.DETECTED.newInstance().setUserHome(home.toFile());
    SystemReader plain = SystemReader.getInstance();

    // the test can fail: JGit's default reader does read this file
    FileBasedConfig seen = new SystemReader.Delegate(plain) {}.openUserConfig(null, fs);
    if (!(plain instanceof HermeticGit.Isolated)) {
      seen.load();
      assertFalse(seen.getBoolean("http", "sslVerify", true), "the fixture is not read by JGit at all");
    }

    HermeticGit.Isolated isolated = new HermeticGit.Isolated(plain);
    FileBasedConfig user = isolated.openUserConfig(null, fs);
    user.load();
    assertTrue(user.getBoolean("http", "sslVerify", true));
    assertTrue(user.getSections().isEmpty(), "sections: " + user.getSections());
    FileBasedConfig system = isolated.openSystemConfig(null, fs);
    system.load();
    assertTrue(system.getSections().isEmpty());
    FileBasedConfig jgit = isolated.openJGitConfig(null, fs);
    jgit.setString("filesystem", "x", "timestampResolution", "1");
    jgit.save();
    assertEquals(hostile, Files.readString(home.resolve(".gitconfig")));
    assertFalse(Files.exists(home.resolve(".config")));
    assertNull(isolated.getenv("HOME"));
    assertNull(isolated.getenv("GIT_SSH_COMMAND"));
  }

  @Test
  void jgitIsToldTheTimestampResolutionSoItNeverMeasuresIt() throws Exception {
    // JGit reads filesystem.<store>.timestampResolution from the user config and measures (seconds of
    // probe-file writes racing the export) only when it is absent.
    FileBasedConfig user = new HermeticGit.Isolated(SystemReader.getInstance())
        .openUserConfig(null, FS.DETECTED.newInstance().setUserHome(home.toFile()));
    user.load();
    String store = System.getProperty("java.vendor") + "|" + System.getProperty("java.version") + "|"
        + Files.getFileStore(home).name();
    assertEquals(FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toMillis(), user.getTimeUnit("filesystem",
        store, "timestampResolution", -1, java.util.concurrent.TimeUnit.MILLISECONDS));
    assertEquals(-1, user.getTimeUnit("core", null, "timestampResolution", -1,
        java.util.concurrent.TimeUnit.MILLISECONDS), "only the file-system section answers");
  }

  @Test
  void installingItReplacesJGitsReader() {
    HermeticGit.install();
    assertTrue(SystemReader.getInstance() instanceof HermeticGit.Isolated);
    assertNull(SystemReader.getInstance().getenv("PATH"));
  }
}
