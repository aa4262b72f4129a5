package dev.airlock.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.cli.ProgressRenderer;
import dev.airlock.credentials.Secret;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.ControlChars;
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
  void round3_controlCharactersFromAnyLineAreShownEscapedNeverSent() throws Exception {
    Console c = console(Console.Verbosity.VERBOSE, true);
    String hostile = "a\u001b]0;t\u0007b\u009b2Jc\u202ed\re\u0000f";
    c.result(hostile);
    c.info(hostile);
    c.debug(hostile);
    c.warn(hostile);
    c.error(hostile + "\nsecond line\tok");
    c.status(hostile);
    c.document("{\"m\":\"" + "x\u009by\u202ez\u2028" + "\"}\n");
    String all = out + "" + err;
    String withoutOwnStatusCodes = all.replace("\r\u001b[2K", "");
    for (char ch : new char[] {0x1b, 0x07, 0x9b, 0x202e, '\r', 0, 0x2028}) {
      assertFalse(withoutOwnStatusCodes.indexOf(ch) >= 0, "raw U+" + Integer.toHexString(ch) + " in " + all);
    }
    assertTrue(all.contains("a\\x1b]0;t\\x07b\\x9b2Jc\\u202ed\\x0de\\x00f"), all);
    assertTrue(all.contains("\nsecond line\tok"), all); // airlock's own line breaks and tabs stay
    com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.toString().substring(out.toString().indexOf('{')));
    assertTrue(doc.get("m").asText().equals("x\u009by\u202ez\u2028"), doc.toString());
    assertTrue(ControlChars.escape("one\ntwo").equals("one\\x0atwo"));
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
