package dev.airlock;

import dev.airlock.cli.AirlockCommand;
import dev.airlock.cli.CliContext;
import dev.airlock.cli.ErrorHandlers;
import dev.airlock.console.ScrubbingWriter;
import dev.airlock.common.Environment;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point. The only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    boolean tty = System.console() != null && System.getenv("CI") == null;
    int code = run(args, new CliContext(Environment.system(), out, err, tty));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; returns the exit code. Tests call this in-process. */
  public static int run(String[] args, CliContext context) {
    // picocli's trace mode (-Dpicocli.trace) prints every argument to System.err, unscrubbed.
    CommandLine.tracer().setLevel(CommandLine.TraceLevel.OFF);
    CommandLine cli = new CommandLine(new AirlockCommand(context));
    cli.setOut(new PrintWriter(new ScrubbingWriter(context.out(), context.secrets()), true));
    cli.setErr(new PrintWriter(new ScrubbingWriter(context.err(), context.secrets()), true));
    cli.setParameterExceptionHandler(ErrorHandlers.usage(context));
    cli.setExecutionExceptionHandler(ErrorHandlers.execution(context));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // No ANSI styles in help: every byte printed passes ControlChars, which shows ESC as \x1b.
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return cli.execute(args);
  }
}
