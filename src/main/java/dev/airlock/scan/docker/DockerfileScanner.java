package dev.airlock.scan.docker;

import dev.airlock.scan.core.ContentScanner;
import dev.airlock.scan.core.CredentialFiles;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.SecretNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile tier: secret-named ARG/ENV, COPY/ADD of credential files, ADD from a URL with
 * user:password, RUN lines and heredocs that write credential files; plus the known-secret and
 * pattern tiers over the whole text (heredoc bodies included) and the credential-file tier over
 * heredocs that become credential files.
 *
 * <p>Merge note: {@code dockerfile/TemplateLint} (the generator's lint, written in parallel) has
 * overlapping rules ({@code secret-arg-env}, {@code credential-file}, {@code url-credentials}).
 * They differ today: its {@code SecretLike} follows Docker's word list, where {@code KEY} alone is
 * a secret ({@code GPG_KEY} in the official python images is flagged), while
 * {@link dev.airlock.scan.core.SecretNames} wants {@code API_KEY}-style pairs; and its credential
 * file list is {@code dockerfile/CredentialFiles}. Next step: one name rule and one file list, used
 * by both, so `airlock dockerfile` and `airlock scan --dockerfile` agree. (.dockerignore matching
 * is already shared: {@link DockerIgnore} uses {@code dockerfile/IgnorePatterns}.)
 */
public final class DockerfileScanner {
  private static final Pattern REDIRECT = Pattern.compile("(?:>>?|\\btee(?:\\s+-a)?)\\s*([^\\s;&|<>]+)");
  private static final Pattern URL_USERINFO = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]+:([^/@\\s]+)@");
  private static final Pattern NPM_CONFIG = Pattern.compile("npm\\s+config\\s+set\\s+\\S*(_authToken|_auth|_password)");

  private final ScanContext ctx;

  public DockerfileScanner(ScanContext ctx) {
    this.ctx = ctx;
  }

  public void scan(Path dockerfile, String display) throws IOException {
    byte[] bytes = Files.readAllBytes(dockerfile);
    scanText(new String(bytes, StandardCharsets.UTF_8), Location.of(display));
  }

  public void scanText(String text, Location where) {
    new ContentScanner(ctx).scan(text.getBytes(StandardCharsets.UTF_8), where);
    for (DockerfileParser.Instruction ins : DockerfileParser.parse(text)) {
      instruction(ins.keyword(), ins.args(), ins, where);
    }
  }

  /** Rules for one instruction; {@code ONBUILD X} is checked as {@code X}. */
  public void instruction(String keyword, String args, DockerfileParser.Instruction ins, Location where) {
    Location at = where.at(ins.line(), -1);
    switch (keyword) {
      case "ONBUILD" -> {
        int sp = args.indexOf(' ');
        if (sp > 0) {
          instruction(args.substring(0, sp).toUpperCase(java.util.Locale.ROOT), args.substring(sp + 1).strip(), ins, where);
        }
      }
      case "ARG" -> {
        for (String decl : Words.split(args)) {
          String name = decl.contains("=") ? decl.substring(0, decl.indexOf('=')) : decl;
          if (SecretNames.isSecretName(name)) {
            report(Rule.DOCKERFILE_SECRET_ARG, at, "ARG " + name);
          }
        }
      }
      case "ENV" -> Words.keyValues(args).forEach((k, v) -> {
        if (SecretNames.isSecretName(k) && !v.isEmpty()) {
          report(Rule.DOCKERFILE_SECRET_ENV, at, "ENV " + k);
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

  private void copy(String keyword, String args, DockerfileParser.Instruction ins, Location at, Location where) {
    List<String> parts = Words.split(args).stream().filter(w -> !w.startsWith("--")).toList();
    if (parts.isEmpty()) {
      return;
    }
    String dest = parts.get(parts.size() - 1);
    for (String src : parts.subList(0, parts.size() - 1)) {
      if (src.startsWith("<<")) {
        continue;
      }
      Matcher url = URL_USERINFO.matcher(src);
      if (keyword.equals("ADD") && url.find()) {
        ctx.sink().finding(new Finding(Rule.DOCKERFILE_ADD_URL_CREDENTIALS, at, ctx.fingerprints().of(url.group(1)),
            "ADD URL with a password"));
      } else if (SecretNames.isCredentialPath(src)) {
        report(Rule.DOCKERFILE_COPY_CREDENTIALS, at, keyword + " " + src);
      }
    }
    boolean heredoc = !ins.heredocs().isEmpty();
    if (SecretNames.isCredentialPath(dest) && !parts.subList(0, parts.size() - 1).stream()
        .anyMatch(SecretNames::isCredentialPath)) {
      report(heredoc ? Rule.DOCKERFILE_WRITE_CREDENTIALS : Rule.DOCKERFILE_COPY_CREDENTIALS, at,
          keyword + " to " + dest);
    }
    for (DockerfileParser.Heredoc h : ins.heredocs()) {
      String target = ins.heredocs().size() == 1 ? dest : dest + "/" + h.delimiter();
      if (CredentialFiles.interesting(target)) {
        // padded with newlines so that the lines found are the Dockerfile's
        String body = "\n".repeat(h.line() - 1) + h.body();
        CredentialFiles.check(target, body.getBytes(StandardCharsets.ISO_8859_1),
            new Location(where.parts(), 0, -1, java.util.Optional.of("in a heredoc written to " + target)), ctx);
      }
    }
  }

  /** A shell command that writes a credential file and does not remove it in the same step. */
  private void run(String script, Location at) {
    Matcher m = REDIRECT.matcher(script);
    while (m.find()) {
      String target = m.group(1).replaceAll("[\"']", "");
      String base = target.substring(target.lastIndexOf('/') + 1);
      if (SecretNames.isCredentialPath(target) && !removedLater(script, m.end(), base)) {
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

  private void report(Rule rule, Location at, String detail) {
    ctx.sink().finding(new Finding(rule, at, "", detail));
  }
}
