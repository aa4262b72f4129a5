package dev.airlock.cli;

import dev.airlock.console.Console;
import dev.airlock.error.AirlockException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps failures to exit codes in one place. Usage errors are short, with a {@code --help} hint, and
 * never echo an argument's value (a mistyped {@code --tokn=SECRET} must not print SECRET). Stack
 * traces only for internal errors (a bug, exit 70), and only with {@code -v} as picocli parsed
 * it; never for a usage error, a failed fetch or an I/O error (exit 74).
 */
public final class ErrorHandlers {
  private static final List<String> SECRET_WORDS = List.of("tok", "pass", "pwd", "secret", "key", "auth", "cred");

  private ErrorHandlers() {}

  public static IParameterExceptionHandler usage(CliContext context) {
    return (ex, args) -> {
      Console console = context.console();
      console.error(describe(ex));
      String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
      context.err().println("Try '" + cmd + " --help' for more information.");
      context.err().flush();
      return AirlockException.USAGE;
    };
  }

  static String describe(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u)) {
      return ex.getMessage();
    }
    List<String> names = new ArrayList<>();
    boolean secretish = false;
    int positional = 0;
    for (String arg : u.getUnmatched()) {
      if (arg.startsWith("-")) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        names.add("'" + name + "'");
        String lower = name.toLowerCase(Locale.ROOT);
        secretish |= SECRET_WORDS.stream().anyMatch(lower::contains);
      } else {
        positional++;
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!names.isEmpty()) {
      sb.append("unknown option").append(names.size() > 1 ? "s " : " ").append(String.join(", ", names));
    }
    if (positional > 0) {
      sb.append(sb.length() > 0 ? "; " : "").append(positional).append(" unexpected argument")
          .append(positional > 1 ? "s" : "").append(" (not shown)");
    }
    List<String> suggestions = u.getSuggestions();
    if (!suggestions.isEmpty() && !names.isEmpty()) {
      sb.append("; did you mean ").append(String.join(" or ", suggestions.subList(0, Math.min(2, suggestions.size()))))
          .append('?');
    }
    if (secretish) {
      sb.append("\ncredentials never go on the command line: name them in fetch.yaml "
          + "(token: { env: NAME } or { file: PATH }, basic: { passwordEnv: NAME }, netrc)");
    }
    return sb.toString();
  }

  public static IExecutionExceptionHandler execution(CliContext context) {
    return (ex, cli, parsed) -> {
      boolean verbose = context.verbose() || verboseOption(parsed);
      // the command's console; one made here (the command failed before making it) honours -v too
      Console console = context.console(verbose ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL);
      if (ex instanceof AirlockException ae) {
        console.error(ae.getMessage());
        return ae.exitCode();
      }
      if (ex instanceof UncheckedIOException io) { // a file outside a fetch (a fetch reports its own as exit 3)
        console.error("I/O error: " + io.getCause().getMessage());
        return AirlockException.IO_FAILED;
      }
      console.error("internal error: " + ex + (verbose ? "" : " (run with -v for details)"));
      if (verbose) { // a bug: the trace helps; a user error or a failed fetch has said all there is
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        for (String line : sw.toString().split("\n")) {
          console.debug(line);
        }
      }
      return AirlockException.INTERNAL;
    };
  }

  /** Whether the parsed command line (any subcommand level) holds {@code -v}/{@code --verbose}. */
  static boolean verboseOption(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
