package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock completion}: the script parses, registers a completion for airlock, and knows the commands. */
class CompletionCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out) {}

  static Run sh(Path cwd, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "shell timed out");
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  Path script(String shell) throws IOException {
    CliRunner.Result r = new CliRunner(dir, dir).run("completion", shell);
    assertEquals(0, r.exit(), r.all());
    assertEquals("", r.err());
    Path f = dir.resolve("airlock." + shell);
    Files.writeString(f, r.out());
    return f;
  }

  @Test
  void bashScriptSourcesCleanly() throws Exception {
    Path f = script("bash");
    Run syntax = sh(dir, "bash", "-n", f.toString());
    assertEquals(0, syntax.exit(), syntax.out());
    Run sourced = sh(dir, "bash", "-c", "source " + f + " && complete -p airlock");
    assertEquals(0, sourced.exit(), sourced.out());
    assertTrue(sourced.out().contains("airlock"), sourced.out());
    // completing `airlock ` offers the subcommands
    Run words = sh(dir, "bash", "-c", "source " + f + " && COMP_WORDS=(airlock '') && COMP_CWORD=1 "
        + "&& COMP_LINE='airlock ' && COMP_POINT=8 && _complete_airlock && printf '%s\\n' \"${COMPREPLY[@]}\"");
    assertEquals(0, words.exit(), words.out());
    for (String cmd : List.of("fetch", "verify", "sbom", "init", "completion")) {
      assertTrue(words.out().lines().anyMatch(cmd::equals), cmd + " not offered: " + words.out());
    }
  }

  @Test
  void zshScriptSourcesCleanly() throws Exception {
    Path f = script("zsh");
    Assumptions.assumeTrue(sh(dir, "sh", "-c", "command -v zsh").exit() == 0, "zsh is not installed");
    Run sourced = sh(dir, "zsh", "-c", "autoload -U compinit && compinit -u && source " + f);
    assertEquals(0, sourced.exit(), sourced.out());
  }

  @Test
  void unknownShellIsAUsageError() {
    CliRunner.Result r = new CliRunner(dir, dir).run("completion", "fish");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("bash, zsh"), r.err());
  }
}
