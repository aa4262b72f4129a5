package dev.airlock.cli.options;

import dev.airlock.console.Console;
import picocli.CommandLine.Option;

/** {@code -q}, {@code -v}, {@code --no-progress}. */
public final class OutputOptions {
  @Option(names = {"-q", "--quiet"}, description = "Only results and errors.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Debug output (secrets are always masked) and stack traces.")
  boolean verbose;

  @Option(names = "--no-progress", description = "No live progress, even on a terminal.")
  boolean noProgress;

  public Console.Verbosity verbosity() {
    return verbose ? Console.Verbosity.VERBOSE : quiet ? Console.Verbosity.QUIET : Console.Verbosity.NORMAL;
  }

  public boolean progress() {
    return !noProgress;
  }
}
