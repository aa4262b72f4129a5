package dev.airlock.console;

import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.ControlChars;
import java.io.PrintWriter;

/**
 * The only code that writes to stdout/stderr. Results go to {@code out}; progress, warnings and
 * errors to {@code err}. Every line passes through the secret registry's scrubber, then
 * {@link ControlChars#lines}: no control character reaches the terminal except our own.
 */
public final class Console {
  public enum Verbosity { QUIET, NORMAL, VERBOSE }

  private final PrintWriter out;
  private final PrintWriter err;
  private final SecretRegistry secrets;
  private final Verbosity verbosity;
  private final boolean interactive;
  private boolean statusLineShown;

  public Console(PrintWriter out, PrintWriter err, SecretRegistry secrets, Verbosity verbosity, boolean interactive) {
    this.out = out;
    this.err = err;
    this.secrets = secrets;
    this.verbosity = verbosity;
    this.interactive = interactive;
  }

  public SecretRegistry secrets() {
    return secrets;
  }

  public boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  public boolean interactive() {
    return interactive;
  }

  /** A result line on stdout (printed even with -q). */
  public synchronized void result(String line) {
    clearStatus();
    out.println(clean(line));
    out.flush();
  }

  /** A whole machine-readable document on stdout (JSON), scrubbed like every other line. */
  public synchronized void document(String text) {
    clearStatus();
    out.print(ControlChars.json(secrets.scrub(text)));
    out.flush();
  }

  public synchronized void info(String line) {
    if (verbosity != Verbosity.QUIET) {
      clearStatus();
      err.println(clean(line));
      err.flush();
    }
  }

  public synchronized void debug(String line) {
    if (verbosity == Verbosity.VERBOSE) {
      clearStatus();
      err.println("debug: " + clean(line));
      err.flush();
    }
  }

  public synchronized void warn(String line) {
    clearStatus();
    err.println("warning: " + clean(line));
    err.flush();
  }

  public synchronized void error(String line) {
    clearStatus();
    err.println("error: " + clean(line));
    err.flush();
  }

  /** A status line redrawn in place (terminal only). */
  public synchronized void status(String line) {
    if (!interactive || verbosity == Verbosity.QUIET) {
      return;
    }
    err.print("\r\033[2K" + ControlChars.escape(secrets.scrub(line)));
    err.flush();
    statusLineShown = true;
  }

  private String clean(String line) {
    return ControlChars.lines(secrets.scrub(line));
  }

  private void clearStatus() {
    if (statusLineShown) {
      err.print("\r\033[2K");
      err.flush();
      statusLineShown = false;
    }
  }
}
