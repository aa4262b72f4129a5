package dev.airlock.fetch.git;

import dev.airlock.error.FetchException;
import dev.airlock.manifest.GitUrl;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git objects of one repository URL, kept in the content cache as a bare repository
 * ({@code CACHE/git/<sha256 of the URL>}), so a locked commit already fetched needs no network
 * and a later fetch of the same URL sends what it has. Its config names no remote and no URL: no
 * credential is ever written into it. Held exclusively (threads and processes) while open.
 */
final class CacheRepo implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Repository repo;
  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private CacheRepo(Repository repo, ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.repo = repo;
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  static Path dir(Path cacheRoot, GitUrl url) {
    return cacheRoot.resolve("git").resolve(sha256(url.toString()));
  }

  /** Opens (creating unless {@code mustExist}) the cache repository; empty if it must exist and does not. */
  static Optional<CacheRepo> open(Path cacheRoot, GitUrl url, boolean mustExist) {
    Path dir = dir(cacheRoot, url);
    if (mustExist && !Files.isDirectory(dir)) {
      return Optional.empty();
    }
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
    threadLock.lock();
    FileChannel channel = null;
    try {
      Files.createDirectories(dir.getParent());
      channel = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
      if (!Files.isRegularFile(dir.resolve("config"))) {
        repo.create(true);
        StoredConfig c = repo.getConfig();
        c.setInt(ConfigConstants.CONFIG_PROTOCOL_SECTION, null, ConfigConstants.CONFIG_KEY_VERSION, 2);
        c.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        c.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
        c.save();
      }
      return Optional.of(new CacheRepo(repo, threadLock, channel, fileLock));
    } catch (IOException | IllegalStateException e) {
      closeQuietly(channel);
      threadLock.unlock();
      throw new FetchException("cannot open the git cache " + dir + ": " + e.getMessage());
    }
  }

  Repository repository() {
    return repo;
  }

  /** Keeps {@code commit} reachable in the cache under {@code refs/airlock/<id>}. */
  void keep(ObjectId commit) throws IOException {
    RefUpdate u = repo.updateRef("refs/airlock/" + commit.name());
    u.setNewObjectId(commit);
    u.setForceUpdate(true);
    u.disableRefLog();
    u.update();
  }

  @Override
  public void close() {
    try {
      repo.close();
      fileLock.release();
    } catch (IOException ignored) {
      // released with the channel
    } finally {
      closeQuietly(channel);
      threadLock.unlock();
    }
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing held
      }
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
