package dev.airlock.scan.docker;

import dev.airlock.docker.CredentialPaths;
import dev.airlock.io.BoundedFile;
import dev.airlock.scan.core.CredentialFiles;
import dev.airlock.docker.DockerfileLexer;
import dev.airlock.docker.SecretRule;
import dev.airlock.docker.Words;
import dev.airlock.scan.core.ContentScanner;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile tier: secret-named ARG/ENV (by {@link SecretRule}'s tiers), COPY/ADD of credential
 * files ({@link CredentialPaths}), ADD from a URL with user:password, RUN lines and heredocs that
 * write credential files; plus the known-secret and pattern tiers over the whole text (heredoc
 * bodies included) and the credential-file tier over heredocs that become credential files. The
 * Dockerfile is read by {@link DockerfileLexer}, the same reader the template lint uses.
 *
 * <p>An ARG whose name suggests a secret is a warning on its own ({@code ARG NPM_TOKEN} may be
 * unused); once a RUN uses it, it is an error: Docker records the build args a RUN sees in the
 * image history ({@code |1 NPM_TOKEN=… /bin/sh -c …}), so the value passed with
 * {@code --build-arg} ships with the image.
 */
public final class DockerfileScanner {
  private static final Pattern REDIRECT = Pattern.compile("(?:>>?|\\btee(?:\\s+-a)?)\\s*([^\\s;&|<>]+)");
  private static final Pattern URL_USERINFO = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]+:([^/@\\s]+)@");
  private static final Pattern NPM_CONFIG = Pattern.compile("npm\\s+config\\s+set\\s+\\S*(_authToken|_auth|_password)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private final ScanContext ctx;
  private char escape = '\\';
  /** Variable name → the first line of a RUN that uses it. */
  private final Map<String, Integer> usedByRun = new HashMap<>();

  public DockerfileScanner(ScanContext ctx) {
    this.ctx = ctx;
  }

  public void scan(Path dockerfile, String display) throws IOException {
    byte[] bytes = BoundedFile.read(dockerfile, BoundedFile.TEXT_BYTES, display);
    scanText(new String(bytes, StandardCharsets.UTF_8), Location.of(display));
  }

  public void scanText(String text, Location where) {
    new ContentScanner(ctx).scan(text.getBytes(StandardCharsets.UTF_8), where);
    DockerfileLexer.Lexed lexed;
    try {
      lexed = DockerfileLexer.lex(text);
    } catch (DockerfileLexer.SyntaxError e) {
      lexed = new DockerfileLexer.Lexed('\\', 0, DockerfileLexer.parse(text), List.of());
    }
    escape = lexed.escape();
    for (DockerfileLexer.Instruction ins : lexed.instructions()) {
      String kw = ins.keyword().equals("ONBUILD") ? firstWord(ins.args()) : ins.keyword();
      if (kw.equals("RUN")) {
        StringBuilder script = new StringBuilder(ins.args());
        ins.heredocs().forEach(h -> script.append('\n').append(h.body()));
        Matcher v = VARIABLE.matcher(script);
        while (v.find()) {
          usedByRun.putIfAbsent(v.group(1), ins.line());
        }
      }
    }
    for (DockerfileLexer.Instruction ins : lexed.instructions()) {
      instruction(ins.keyword(), ins.args(), ins, where);
    }
  }

  /** Rules for one instruction; {@code ONBUILD X} is checked as {@code X}. */
  public void instruction(String keyword, String args, DockerfileLexer.Instruction ins, Location where) {
    Location at = where.at(ins.line(), -1);
    switch (keyword) {
      case "ONBUILD" -> {
        int sp = args.indexOf(' ');
        if (sp > 0) {
          instruction(args.substring(0, sp).toUpperCase(Locale.ROOT), args.substring(sp + 1).strip(), ins, where);
        }
      }
      case "ARG" -> Words.keyValues(args, escape, false).forEach((k, v) -> {
        SecretRule.Verdict verdict = SecretRule.variable(k, Optional.ofNullable(v), false);
        Integer run = usedByRun.get(k);
        if (verdict.tier() == SecretRule.Tier.ERROR) {
          report(Rule.DOCKERFILE_SECRET_ARG, at, "ARG " + k + ": " + verdict.reason());
        } else if (verdict.tier() == SecretRule.Tier.WARNING && run != null && run > ins.line()
            && SecretRule.secretName(k)) {
          report(Rule.DOCKERFILE_SECRET_ARG, at, "ARG " + k + ": used by the RUN at line " + run
              + ", which records its value in the image history");
        } else if (verdict.tier() == SecretRule.Tier.WARNING) {
          report(Rule.DOCKERFILE_SECRET_NAME, at, "ARG " + k + ": " + verdict.reason());
        }
      });
      case "ENV" -> Words.keyValues(args, escape, true).forEach((k, v) -> {
        SecretRule.Verdict verdict = SecretRule.variable(k, Optional.ofNullable(v), true);
        if (verdict.tier() == SecretRule.Tier.ERROR) {
          report(Rule.DOCKERFILE_SECRET_ENV, at, "ENV " + k + ": " + verdict.reason());
        } else if (verdict.tier() == SecretRule.Tier.WARNING) {
          report(Rule.DOCKERFILE_SECRET_NAME, at, "ENV " + k + ": " + verdict.reason());
        }
      });
      case "COPY", "ADD" -> copy(keyword, args, ins, at, where);
      case "RUN" -> {
        run(args, at);
        ins.heredocs().forEach(h -> run(h.body(), where.at(h.line(), -1)));
      }
      default -> { }
    }
  }

  private void copy(String keyword, String args, DockerfileLexer.Instruction ins, Location at, Location where) {
    List<String> parts = Words.arguments(withoutFlags(args), escape);
    if (parts.isEmpty()) {
      return;
    }
    String dest = parts.get(parts.size() - 1);
    List<String> sources = parts.subList(0, parts.size() - 1);
    for (String src : sources) {
      if (src.startsWith("<<")) {
        continue;
      }
      Matcher url = URL_USERINFO.matcher(src);
      if (keyword.equals("ADD") && url.find()) {
        ctx.sink().finding(new Finding(Rule.DOCKERFILE_ADD_URL_CREDENTIALS, at, ctx.fingerprints().of(url.group(1)),
            "ADD URL with a password"));
      } else if (!src.contains("://") && CredentialPaths.certain(src)) {
        report(Rule.DOCKERFILE_COPY_CREDENTIALS, at, keyword + " " + src);
      } else if (!src.contains("://") && CredentialPaths.matches(src)) {
        report(Rule.DOCKERFILE_COPY_KEY_FILE, at, keyword + " " + src);
      }
    }
    boolean heredoc = !ins.heredocs().isEmpty();
    if (CredentialPaths.place(dest) && sources.stream().noneMatch(CredentialPaths::matches)) {
      report(heredoc ? Rule.DOCKERFILE_WRITE_CREDENTIALS : Rule.DOCKERFILE_COPY_CREDENTIALS, at,
          keyword + " to " + dest);
    }
    for (DockerfileLexer.Heredoc h : ins.heredocs()) {
      String target = ins.heredocs().size() == 1 ? dest : dest + "/" + h.delimiter();
      if (CredentialFiles.interesting(target)) {
        // padded with newlines so that the lines found are the Dockerfile's
        String body = "\n".repeat(h.line() - 1) + h.body();
        CredentialFiles.check(target, body.getBytes(StandardCharsets.ISO_8859_1),
            new Location(where.parts(), 0, -1, Optional.of("in a heredoc written to " + target)), ctx);
      }
    }
  }

  /** COPY/ADD arguments without the leading {@code --from=…}, {@code --chown=…} flags. */
  private static String withoutFlags(String args) {
    String s = args.strip();
    while (s.startsWith("--")) {
      int sp = s.indexOf(' ');
      s = sp < 0 ? "" : s.substring(sp + 1).strip();
    }
    return s;
  }

  /** A shell command that writes a credential file and does not remove it in the same step. */
  private void run(String script, Location at) {
    Matcher m = REDIRECT.matcher(script);
    while (m.find()) {
      String target = m.group(1).replaceAll("[\"']", "");
      String base = target.substring(target.lastIndexOf('/') + 1);
      if (CredentialPaths.place(target) && !removedLater(script, m.end(), base)) {
        report(Rule.DOCKERFILE_WRITE_CREDENTIALS, at, "writes " + target);
      }
    }
    Matcher npm = NPM_CONFIG.matcher(script);
    if (npm.find() && !removedLater(script, npm.end(), ".npmrc")) {
      report(Rule.DOCKERFILE_WRITE_CREDENTIALS, at, "npm config set …" + npm.group(1));
    }
  }

  private static boolean removedLater(String script, int from, String base) {
    return Pattern.compile("\\brm\\s+(-[a-zA-Z]+\\s+)*[^;&|]*" + Pattern.quote(base)).matcher(script).find(from);
  }

  private static String firstWord(String s) {
    String t = s.strip();
    int sp = t.indexOf(' ');
    return (sp < 0 ? t : t.substring(0, sp)).toUpperCase(Locale.ROOT);
  }

  private void report(Rule rule, Location at, String detail) {
    ctx.sink().finding(new Finding(rule, at, "", detail));
  }
}
