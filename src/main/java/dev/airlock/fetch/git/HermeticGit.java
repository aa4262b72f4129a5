package dev.airlock.fetch.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Cuts JGit off from everything outside what airlock gives it (library findings 6 and 10, docs/security-cases.md): no system,
 * user ({@code ~/.gitconfig}, XDG) or JGit config is read or written, and no environment variable
 * reaches it. So no {@code url.*.insteadOf}, {@code http.sslVerify}, {@code http.extraHeader},
 * credential helper, filter or proxy setting of the user's applies, and JGit never runs
 * {@code git config --system} to find the system config. Repository config is only what airlock
 * writes into its own bare repositories.
 */
final class HermeticGit {
  private static boolean installed;

  private HermeticGit() {}

  /** Installs the isolated {@link SystemReader} for this process (idempotent). */
  static synchronized void install() {
    if (installed) {
      return;
    }
    SystemReader.setInstance(new Isolated(SystemReader.getInstance()));
    // JGit measures each file system's timestamp resolution (seconds of writing and sleeping on
    // probe files, in a thread that competes with the export) unless the user config names it; the
    // result would only go to the JGit config, which is never saved. EmptyConfig names JGit's own
    // conservative fallback for every file system, so nothing is measured. Never block on it either.
    FS.FileStoreAttributes.setBackground(true);
    installed = true;
  }

  static final class Isolated extends SystemReader.Delegate {
    Isolated(SystemReader delegate) {
      super(delegate);
    }

    @Override
    public String getenv(String variable) {
      return null; // GIT_*, XDG_CONFIG_HOME, SSH_AUTH_SOCK, …: airlock passes what it means explicitly
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }
  }

  /**
   * A config with no file behind it: loads nothing, saves nothing, and answers only the file-system
   * timestamp resolution (JGit's 2-second fallback: the safe side for racy-git checks), so that
   * JGit does not measure it.
   */
  private static final class EmptyConfig extends FileBasedConfig {
    EmptyConfig(Config parent, FS fs) {
      super(parent, (File) null, fs);
    }

    @Override
    public String getString(String section, String subsection, String name) {
      if (ConfigConstants.CONFIG_FILESYSTEM_SECTION.equals(section)
          && ConfigConstants.CONFIG_KEY_TIMESTAMP_RESOLUTION.equals(name)) {
        return FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toMillis() + " milliseconds";
      }
      return super.getString(section, subsection, name);
    }

    @Override
    public void load() {
      // nothing to read
    }

    @Override
    public void save() {
      // never written: JGit would otherwise record measured file-system attributes in ~/.config/jgit
    }

    @Override
    public boolean isOutdated() {
      return false;
    }
  }
}
