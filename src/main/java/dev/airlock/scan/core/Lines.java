package dev.airlock.scan.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1-based line of a byte offset in a file, found by reading it again (only for findings). */
final class Lines {
  private Lines() {}

  static long lineOf(Path file, long offset) {
    long line = 1;
    long pos = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while (pos < offset && (n = in.read(buf)) > 0) {
        for (int i = 0; i < n && pos < offset; i++, pos++) {
          if (buf[i] == '\n') {
            line++;
          }
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return line;
  }
}
