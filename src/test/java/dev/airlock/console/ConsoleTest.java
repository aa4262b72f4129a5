package dev.airlock.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.Secret;
import dev.airlock.credentials.SecretRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final SecretRegistry secrets = new SecretRegistry();

  Console console(Console.Verbosity v, boolean tty) {
    return new Console(new PrintWriter(out), new PrintWriter(err), secrets, v, tty);
  }

  @Test
  void scrubsEveryFormOfARegisteredSecret() {
    String pw = "pa ss/w0rd+=";
    secrets.registerBasic("bob", Secret.of(pw));
    Console c = console(Console.Verbosity.VERBOSE, false);
    c.result("raw " + pw);
    c.error("header Basic " + Base64.getEncoder().encodeToString(("bob:" + pw).getBytes(StandardCharsets.UTF_8)));
    c.debug("url-encoded " + java.net.URLEncoder.encode(pw, StandardCharsets.UTF_8));
    String all = out + "" + err;
    assertFalse(all.contains(pw), all);
    assertFalse(all.contains(java.net.URLEncoder.encode(pw, StandardCharsets.UTF_8)), all);
    assertFalse(all.contains(Base64.getEncoder().encodeToString(("bob:" + pw).getBytes(StandardCharsets.UTF_8))), all);
    assertTrue(all.contains("****"));
  }

  @Test
  void quietKeepsResultsAndErrorsOnly() {
    Console c = console(Console.Verbosity.QUIET, false);
    c.info("progress");
    c.debug("debug");
    c.result("result");
    c.error("boom");
    assertTrue(out.toString().contains("result"));
    assertFalse(err.toString().contains("progress"));
    assertFalse(err.toString().contains("debug"));
    assertTrue(err.toString().contains("error: boom"));
  }

  @Test
  void liveProgressOnATerminalOneLinePerSourceElsewhere() {
    ProgressRenderer live = new ProgressRenderer(console(Console.Verbosity.NORMAL, true), true);
    live.started("model", "http");
    live.progress("model", 512 * 1024, 1024 * 1024);
    live.finished("model", "http", 1, 1024 * 1024, false);
    assertTrue(err.toString().contains("\r"), "redrawn in place");
    assertTrue(err.toString().contains("model 512.0 KiB"), err.toString());
    assertTrue(err.toString().contains("model (http): 1 file, 1.0 MiB"), err.toString());

    StringWriter plainErr = new StringWriter();
    ProgressRenderer lines = new ProgressRenderer(
        new Console(new PrintWriter(new StringWriter()), new PrintWriter(plainErr), secrets, Console.Verbosity.NORMAL, false), true);
    lines.started("model", "http");
    lines.progress("model", 512 * 1024, 1024 * 1024);
    lines.finished("model", "http", 1, 1024 * 1024, false);
    assertFalse(plainErr.toString().contains("\r"));
    assertTrue(plainErr.toString().trim().lines().count() == 1, plainErr.toString());
  }
}
