package dev.airlock.console;

import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.ControlChars;
import java.io.PrintWriter;
import java.io.Writer;

/** A writer for text we do not compose ourselves (picocli's help): scrubbed and {@link ControlChars#lines} line by line. */
public final class ScrubbingWriter extends Writer {
  private final PrintWriter target;
  private final SecretRegistry secrets;
  private final StringBuilder pending = new StringBuilder();

  public ScrubbingWriter(PrintWriter target, SecretRegistry secrets) {
    this.target = target;
    this.secrets = secrets;
  }

  @Override
  public synchronized void write(char[] cbuf, int off, int len) {
    pending.append(cbuf, off, len);
    int nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      target.print(ControlChars.lines(secrets.scrub(pending.substring(0, nl + 1))));
      pending.delete(0, nl + 1);
    }
  }

  @Override
  public synchronized void flush() {
    if (pending.length() > 0) {
      target.print(ControlChars.lines(secrets.scrub(pending.toString())));
      pending.setLength(0);
    }
    target.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
