package dev.airlock.fetch;

import dev.airlock.error.FetchException;
import dev.airlock.placement.ProjectPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One fetch at a time per workspace: an OS file lock on {@code .airlock/lock}. A second run waits
 * (saying so) up to a limit, then refuses clearly. The OS drops the lock if the process dies.
 */
public final class WorkspaceLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private WorkspaceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static WorkspaceLock acquire(Path workDir, Duration maxWait, Consumer<String> info) {
    try {
      // .airlock/ is beside the manifest: a real folder of the project, never a symlink out of it
      ProjectPaths.createFolders(workDir.getParent(), workDir);
      FileChannel ch = FileChannel.open(workDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      long deadline = System.nanoTime() + maxWait.toNanos();
      boolean told = false;
      while (true) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          l = null; // held by this JVM (tests running two fetches in one process)
        }
        if (l != null) {
          return new WorkspaceLock(ch, l);
        }
        if (System.nanoTime() > deadline) {
          ch.close();
          throw new FetchException("another airlock run holds " + workDir.resolve("lock")
              + "; gave up waiting after " + maxWait.toSeconds() + " s");
        }
        if (!told) {
          info.accept("waiting for another airlock run in this workspace to finish...");
          told = true;
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new FetchException("cannot lock " + workDir + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while waiting for the workspace lock");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // released when the process exits
    }
  }
}
