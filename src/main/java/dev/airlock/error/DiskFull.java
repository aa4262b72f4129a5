package dev.airlock.error;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Recognises "no space left" (ENOSPC) and "quota exceeded" (EDQUOT) among I/O failures. Java has
 * no exception type for them: the operating system's message is all there is.
 */
public final class DiskFull {
  private DiskFull() {}

  /** Whether {@code e}, or one of its causes, says the disk or the quota is full. */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : t.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  /** A short reason for a failed write: {@code disk full (…)} when it is one, else the I/O message. */
  public static String describe(IOException e) {
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
    return is(e) ? "disk full (" + reason + ")" : String.valueOf(reason);
  }
}
