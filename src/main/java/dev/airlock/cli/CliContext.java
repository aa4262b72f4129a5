package dev.airlock.cli;

import dev.airlock.console.Console;
import dev.airlock.common.Environment;
import dev.airlock.credentials.SecretRegistry;
import java.io.PrintWriter;

/** What the process gives the CLI: environment, streams, whether stderr is a terminal. */
public final class CliContext {
  private final Environment env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean interactive;
  private final SecretRegistry secrets = new SecretRegistry();
  private Console console;

  public CliContext(Environment env, PrintWriter out, PrintWriter err, boolean interactive) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  public Environment env() {
    return env;
  }

  public SecretRegistry secrets() {
    return secrets;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** The console for this run, created once with the command's verbosity. */
  public synchronized Console console(Console.Verbosity verbosity) {
    if (console == null) {
      console = new Console(out, err, secrets, verbosity, interactive);
    }
    return console;
  }

  /** Whether a command created its console with {@code -v} (picocli parsed it into its options). */
  public synchronized boolean verbose() {
    return console != null && console.verbose();
  }

  /** The console if a command created one, else a default one (for errors before that). */
  public synchronized Console console() {
    return console != null ? console : console(Console.Verbosity.NORMAL);
  }
}
