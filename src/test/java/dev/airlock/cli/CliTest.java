package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.console.Console;
import dev.airlock.common.Environment;
import dev.airlock.error.AirlockException;
import dev.airlock.testing.CliRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Exit codes, usage errors and init. */
class CliTest {
  @TempDir Path project;
  @TempDir Path home;

  CliRunner cli() {
    return new CliRunner(project, home);
  }

  @Test
  void versionAndHelp() {
    CliRunner.Result v = cli().run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("airlock "), v.out());
    CliRunner.Result h = cli().run("fetch", "--help");
    assertEquals(0, h.exit());
    assertTrue(h.out().contains("--frozen"), h.out());
  }

  @Test
  void round3_verboseNeverPrintsAStackTraceForAUserErrorOrAFailedFetchOnlyForAnInternalError() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources:\n  - name: x\n    http: { url: 7 }\n");
    CliRunner.Result usage = cli().run("fetch", "-v");
    assertEquals(2, usage.exit(), usage.all());
    assertNoTrace(usage.all());
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources:\n  - name: x\n    http: { url: "
        + "\"http://127.0.0.1:1/f\", sha256: \"" + "0".repeat(64) + "\" }\n");
    CliRunner.Result failed = cli().run("fetch", "-v");
    assertEquals(3, failed.exit(), failed.all());
    assertNoTrace(failed.all());

    StringWriter err = new StringWriter();
    CliContext ctx = context(err);
    ctx.console(Console.Verbosity.VERBOSE);
    int code = ErrorHandlers.execution(ctx).handleExecutionException(new IllegalStateException("bug"), null, null);
    assertEquals(70, code, "an internal error is not a failed fetch");
    assertTrue(err.toString().contains("internal error") && err.toString().contains("\tat "), err.toString());
  }

  private CliContext context(StringWriter err) {
    return new CliContext(new Environment(Map.of(), home, project), new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), false);
  }

  /** The stack trace of an internal error, as the handler prints it for {@code args}, parsed by picocli. */
  private String internalError(String... args) throws Exception {
    StringWriter err = new StringWriter();
    CliContext ctx = context(err);
    ParseResult parsed = new CommandLine(new AirlockCommand(ctx)).parseArgs(args);
    int code = ErrorHandlers.execution(ctx).handleExecutionException(new IllegalStateException("bug"), null, parsed);
    assertEquals(AirlockException.INTERNAL, code);
    return err.toString();
  }

  @Test
  void verbosityComesFromTheParsedOptionsNotFromMatchingRawArguments() throws Exception {
    assertTrue(internalError("scan", "-v", "x").contains("\tat "), "-v parsed as the option");
    assertTrue(internalError("verify", "--verbose").contains("\tat "), "--verbose parsed as the option");
    String positional = internalError("scan", "--", "-v");
    assertFalse(positional.contains("\tat "), "a PATH named -v is not the option: " + positional);
    assertTrue(positional.contains("run with -v for details"), positional);
    assertFalse(internalError("scan", "-q", "x").contains("\tat "));
  }

  @Test
  void aScanReportThatCannotBeWrittenIsAnIoErrorNotAFailedFetch() throws Exception {
    Files.writeString(project.resolve("file"), "plain text\n");
    CliRunner.Result r = cli().run("scan", "-o", "file/report.txt", "file");
    assertEquals(74, r.exit(), r.all());
    assertTrue(r.err().contains("cannot write") && r.err().contains("report.txt"), r.err());
    assertNoTrace(r.all());
  }

  @Test
  void anUncheckedIoErrorOutsideAFetchExits74() throws Exception {
    StringWriter err = new StringWriter();
    int code = ErrorHandlers.execution(context(err)).handleExecutionException(
        new UncheckedIOException(new IOException("Input/output error")), null, null);
    assertEquals(74, code);
    assertTrue(err.toString().contains("I/O error: Input/output error"), err.toString());
  }

  private static void assertNoTrace(String text) {
    assertFalse(text.contains("\tat ") || text.contains("Exception"), text);
  }

  @Test
  void noCommandIsAUsageError() {
    CliRunner.Result r = cli().run();
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--help"), r.err());
  }

  @Test
  void case33_unknownOptionValuesAreNeverEchoed() {
    for (String arg : new String[] {"--token=SEKRIT-123456", "--tokn=SEKRIT-123456"}) {
      CliRunner.Result r = cli().run("fetch", arg);
      assertEquals(2, r.exit(), r.all());
      assertFalse(r.all().contains("SEKRIT-123456"), r.all());
      assertTrue(r.err().contains("credentials never go on the command line"), r.err());
      assertTrue(r.err().contains("Try 'airlock fetch --help'"), r.err());
    }
    CliRunner.Result p = cli().run("fetch", "SEKRIT-123456");
    assertEquals(2, p.exit());
    assertFalse(p.all().contains("SEKRIT-123456"), p.all());
  }

  @Test
  void missingManifestIsExit2WithoutStackTrace() {
    CliRunner.Result r = cli().run("fetch");
    assertEquals(2, r.exit(), r.all());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void invalidManifestIsExit2WithLineAndColumn() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources:\n  - name: a\n    http: { url: 'https://u:p@example.com/x' }\n");
    CliRunner.Result r = cli().run("fetch");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("fetch.yaml:4:"), r.err());
  }

  @Test
  void verifyWithoutLockFails() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\n");
    assertEquals(1, cli().run("verify").exit());
  }

  @Test
  void initWritesAValidManifestOnceAndNeverOverwrites() throws Exception {
    CliRunner.Result r = cli().run("init");
    assertEquals(0, r.exit(), r.all());
    String written = Files.readString(project.resolve("fetch.yaml"));
    assertTrue(written.contains("version: 1"));
    CliRunner.Result again = cli().run("init");
    assertEquals(2, again.exit());
    assertEquals(written, Files.readString(project.resolve("fetch.yaml")));
    CliRunner.Result fetch = cli().run("fetch");
    assertEquals(0, fetch.exit(), "the starter manifest is valid: " + fetch.all());
    assertTrue(Files.exists(project.resolve("fetch.lock")));
  }
}
