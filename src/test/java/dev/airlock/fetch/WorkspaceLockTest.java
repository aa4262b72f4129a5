package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.FetchException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLockTest {
  @TempDir Path work;

  /** Another process holds the lock: we wait, say so, and take it once it is released. */
  @Test
  void aSecondRunWaitsForTheFirst() throws Exception {
    Process holder = holdLockInAnotherProcess(1500);
    List<String> said = new ArrayList<>();
    long start = System.nanoTime();
    try (WorkspaceLock l = WorkspaceLock.acquire(work, Duration.ofSeconds(30), said::add)) {
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(waited >= 500, "waited " + waited + " ms");
      assertEquals(1, said.size());
      assertTrue(said.get(0).contains("waiting for another airlock run"));
    }
    holder.waitFor();
  }

  @Test
  void givesUpClearlyAfterTheLimit() throws Exception {
    Process holder = holdLockInAnotherProcess(3000);
    FetchException e = assertThrows(FetchException.class,
        () -> WorkspaceLock.acquire(work, Duration.ofMillis(300), m -> {}));
    assertTrue(e.getMessage().contains("another airlock run"), e.getMessage());
    holder.destroy();
    holder.waitFor();
  }

  /** A tiny Java program (single-file source launch) that locks {@code work/lock} for a while. */
  private Process holdLockInAnotherProcess(long millis) throws Exception {
    Path src = work.resolveSibling(work.getFileName() + "-Hold.java");
    java.nio.file.Files.writeString(src, """
        import java.nio.channels.FileChannel; import java.nio.file.*;
        public class Hold { public static void main(String[] a) throws Exception {
          try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
               var l = c.lock()) { System.out.println("locked"); System.out.flush(); Thread.sleep(Long.parseLong(a[1])); } } }
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, src.toString(), work.resolve("lock").toString(), Long.toString(millis))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
    assertEquals("locked", line);
    return p;
  }

}
