package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Security case 34 (docs/security-cases.md): picocli's trace mode ({@code -Dpicocli.trace=DEBUG}) prints every argument
 * to System.err, past our scrubbing console. A credential mistakenly typed on the command line
 * must not be echoed there either.
 */
@ResourceLock(Resources.SYSTEM_ERR)
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class PicocliTraceTest {
  @TempDir Path project;
  @TempDir Path home;

  @Test
  void traceModeDoesNotEchoArguments() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\n");
    String secret = Canary.next("cmdline");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty("picocli.trace", "DEBUG");
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      CliRunner cli = new CliRunner(project, home);
      CliRunner.Result unknown = cli.run("fetch", "--token=" + secret);
      CliRunner.Result positional = cli.run("fetch", secret);
      assertEquals(2, unknown.exit());
      assertEquals(2, positional.exit());
      Canary.assertAbsent("output", unknown.all() + positional.all(), Canary.forms(secret));
    } finally {
      System.setErr(original);
      System.clearProperty("picocli.trace");
    }
    Canary.assertAbsent("System.err in picocli trace mode", captured.toString(StandardCharsets.UTF_8),
        Canary.forms(secret));
  }
}
