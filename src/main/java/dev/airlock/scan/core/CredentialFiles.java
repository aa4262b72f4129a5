package dev.airlock.scan.core;

import dev.airlock.docker.CredentialPaths;
import dev.airlock.docker.CredentialPaths.Kind;
import dev.airlock.docker.Placeholders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential-file tier: files that tools read credentials from, recognised by name
 * ({@link CredentialPaths#kind}, the list the Dockerfile rules share) and checked
 * for an actual value (a {@code ${VAR}} placeholder, an encrypted Maven {@code {…}} password, a
 * public key or a certificate is not a finding). Private key blocks in any file are the pattern
 * tier's job; here only binary keystores and DER keys are caught by name.
 */
public final class CredentialFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@]+:([^\\s/@]+)@");
  private static final Pattern KEY_VALUE = Pattern.compile("(?m)^[ \\t]*([^=#;\\n]+?)[ \\t]*=[ \\t]*(.*?)[ \\t]*\\r?$");
  private static final Pattern INI_VALUE = Pattern.compile("(?m)^[ \\t]*([^=:#;\\n]+?)[ \\t]*[=:][ \\t]*(.*?)[ \\t]*\\r?$");

  private CredentialFiles() {}

  /** Whether the file at {@code path} ('/'-separated, within its container) is one this tier reads. */
  public static boolean interesting(String path) {
    return CredentialPaths.kind(path).isPresent();
  }

  public static void check(String path, byte[] content, Location where, ScanContext ctx) {
    Kind kind = CredentialPaths.kind(path).orElse(null);
    if (kind == null) {
      return;
    }
    String text = new String(content, StandardCharsets.ISO_8859_1);
    Reporter r = new Reporter(text, where, ctx);
    switch (kind) {
      case NETRC -> netrc(text, r);
      case NPMRC -> keyValues(KEY_VALUE, text, r, Rule.NPMRC_FILE, k -> k.endsWith("_authToken") || k.endsWith("_auth")
          || k.endsWith("_password"));
      case PYPIRC -> keyValues(INI_VALUE, text, r, Rule.PYPIRC_FILE, k -> k.equalsIgnoreCase("password"));
      case PIP -> urls(text, r, Rule.PIP_CONF_FILE);
      case GIT_CREDENTIALS -> urls(text, r, Rule.GIT_CREDENTIALS_FILE);
      case GIT_CONFIG -> {
        urls(text, r, Rule.GIT_CONFIG_FILE);
        keyValues(KEY_VALUE, text, r, Rule.GIT_CONFIG_FILE, k -> k.equalsIgnoreCase("extraheader"));
      }
      case MAVEN -> MavenSettings.secrets(content, text).forEach(v ->
          r.report(Rule.MAVEN_SETTINGS_FILE, r.offsetOf(v.line(), v.value()), v.value(), "<" + v.element() + ">"));
      case DOCKER -> docker(content, r, path.endsWith("dockercfg"));
      case KEYSTORE -> r.report(Rule.PRIVATE_KEY_FILE, 0, text, "PKCS#12 keystore");
      case DER_KEY -> {
        if (content.length > 64 && (content[0] & 0xff) == 0x30 && !text.contains("-----BEGIN")) {
          r.report(Rule.PRIVATE_KEY_FILE, 0, text, "binary (DER) key");
        }
      }
    }
  }

  /**
   * The password tokens of a netrc, as curl reads it: a line whose first non-blank character is
   * {@code #} is a comment, and a {@code macdef} body (up to an empty line) is not entries.
   */
  private static void netrc(String text, Reporter r) {
    String[] lines = text.split("\n", -1);
    StringBuilder kept = new StringBuilder();
    boolean macro = false;
    for (String line : lines) {
      boolean blank = line.strip().isEmpty();
      if (macro || line.stripLeading().startsWith("#")) {
        kept.append(" ".repeat(line.length()));
        macro = macro && !blank;
      } else {
        kept.append(line);
        macro = line.matches("(?s).*(^|\\s)macdef(\\s.*|$)");
      }
      kept.append('\n');
    }
    text = kept.substring(0, Math.max(0, kept.length() - 1));
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(text);
    boolean next = false;
    while (m.find()) {
      String tok = m.group(1) != null ? m.group(1) : m.group(2);
      if (next && !Placeholders.isPlaceholder(tok)) {
        r.report(Rule.NETRC_FILE, m.start(), tok, "password");
      }
      next = tok.equalsIgnoreCase("password") && m.group(2) != null;
    }
  }

  private static void keyValues(Pattern kv, String text, Reporter r, Rule rule,
      java.util.function.Predicate<String> key) {
    Matcher m = kv.matcher(text);
    while (m.find()) {
      String k = m.group(1).strip();
      String v = m.group(2);
      if (key.test(k) && !Placeholders.isPlaceholder(v) && !Placeholders.isPlaceholder(afterScheme(v))) {
        r.report(rule, m.start(2), v, k.replaceAll(".*:", ""));
      }
    }
  }

  /** {@code AUTHORIZATION: basic XYZ} → {@code XYZ}. */
  private static String afterScheme(String v) {
    String s = v.contains(":") ? v.substring(v.lastIndexOf(':') + 1).strip() : v.strip();
    String[] words = s.split("\\s+");
    return words[words.length - 1];
  }

  private static void urls(String text, Reporter r, Rule rule) {
    Matcher m = URL_PASSWORD.matcher(text);
    while (m.find()) {
      if (!Placeholders.isPlaceholder(m.group(1))) {
        r.report(rule, m.start(1), m.group(1), "URL with a password");
      }
    }
  }

  private static void docker(byte[] content, Reporter r, boolean legacy) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (java.io.IOException | RuntimeException e) {
      return;
    }
    if (root == null || !root.isObject()) {
      return;
    }
    JsonNode auths = legacy ? root : root.path("auths");
    if (!auths.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : auths.properties()) {
      for (String f : new String[] {"auth", "password", "identitytoken", "registrytoken"}) {
        JsonNode v = e.getValue().path(f);
        if (v.isTextual() && !Placeholders.isPlaceholder(v.asText())) {
          r.report(Rule.DOCKER_CONFIG_FILE, r.text.indexOf(v.asText()), v.asText(), "auths." + f);
        }
      }
    }
  }

  /** Turns a value's offset into a line and reports its fingerprint. */
  private record Reporter(String text, Location where, ScanContext ctx) {
    /** The offset of {@code value} on 1-based {@code line} (or that line's start). */
    int offsetOf(long line, String value) {
      int start = 0;
      for (long l = 1; l < line && start >= 0; l++) {
        start = text.indexOf('\n', start) + 1;
      }
      int at = text.indexOf(value, Math.max(0, start));
      return at >= 0 ? at : Math.max(0, start);
    }

    void report(Rule rule, int offset, String value, String detail) {
      long line = 1;
      for (int i = 0; i < Math.max(0, offset) && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      ctx.sink().finding(new Finding(rule, where.at(line, Math.max(0, offset)), ctx.fingerprints().of(value), detail));
    }
  }
}
