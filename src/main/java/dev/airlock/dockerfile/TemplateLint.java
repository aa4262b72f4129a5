package dev.airlock.dockerfile;

import dev.airlock.docker.CredentialPaths;
import dev.airlock.docker.IgnorePatterns;
import dev.airlock.docker.SecretRule;
import dev.airlock.docker.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses the patterns that put credentials into images (each a {@link LintRule}): COPY/ADD of a
 * credential file, a secret-looking ARG/ENV, a URL with credentials, and a COPY of a folder that
 * would carry a credential file in from the build context. Reusable on any Dockerfile: the build
 * context part runs only when a {@link BuildContext} is given.
 */
public final class TemplateLint {
  private static final Pattern GLOB = Pattern.compile("[*?\\[]");
  private static final Pattern FLAGS = Pattern.compile("((?:--\\S+\\s+)*)(.*)", Pattern.DOTALL);

  private final Template template;
  private final Optional<BuildContext> context;
  private final String vendorRel;
  private final List<LintFinding> findings = new ArrayList<>();

  private TemplateLint(Template template, Optional<BuildContext> context, String vendorRel) {
    this.template = template;
    this.context = context;
    this.vendorRel = vendorRel;
  }

  /**
   * @param context the files the build would send, or empty to skip {@link LintRule#CONTEXT_CREDENTIALS}
   * @param vendorRel the vendor dir relative to the context: sources under it are airlock's own
   */
  public static List<LintFinding> lint(Template template, Optional<BuildContext> context, String vendorRel) {
    TemplateLint l = new TemplateLint(template, context, vendorRel);
    template.instructions().forEach(l::check);
    return List.copyOf(l.findings);
  }

  private void check(Template.Instruction in) {
    if (in.keyword().equals("ONBUILD")) {
      String[] inner = in.args().strip().split("\\s+", 2);
      check(new Template.Instruction(in.line(), inner[0].toUpperCase(Locale.ROOT),
          inner.length > 1 ? inner[1] : ""));
      return;
    }
    switch (in.keyword()) {
      case "ARG" -> variables(in, false);
      case "ENV" -> variables(in, true);
      case "COPY", "ADD" -> copy(in);
      default -> { }
    }
    if (!in.keyword().equals("ARG") && !in.keyword().equals("ENV")) {
      SecretRule.urlCredentials(in.args()).ifPresent(why ->
          add(in, LintRule.URL_CREDENTIALS, in.keyword() + " " + why
              + "; vendor it with airlock (credentials in fetch.yaml) and COPY it"));
    }
  }

  private void variables(Template.Instruction in, boolean env) {
    Words.keyValues(in.args(), template.escape(), env).forEach((name, value) ->
        variable(in, name, Optional.ofNullable(value), env));
  }

  /**
   * {@link SecretRule}'s tiers: an error blocks; a warning does too for an ARG that a RUN uses
   * (its value is recorded in the image history), else it is advisory.
   */
  private void variable(Template.Instruction in, String name, Optional<String> value, boolean env) {
    String advice = env
        ? "; ENV values are stored in the image config: let airlock fetch with it instead"
        : "; build args are recorded in the image history: let airlock fetch with it instead";
    SecretRule.Verdict v = SecretRule.variable(name, value, env);
    if (v.tier() == SecretRule.Tier.NONE) {
      return;
    }
    Optional<Integer> run = env ? Optional.empty() : usedByRun(name, in.line());
    boolean blocking = v.tier() == SecretRule.Tier.ERROR || run.isPresent() && SecretRule.secretName(name);
    String why = v.tier() == SecretRule.Tier.ERROR || run.isEmpty() ? v.reason()
        : "the name looks like a secret and the RUN at line " + run.get() + " uses it";
    findings.add(new LintFinding(in.line(), LintRule.SECRET_ARG_ENV, in.keyword() + " " + name + ": " + why + advice,
        !blocking));
  }

  /** The line of the first RUN after {@code after} that uses {@code $name}. */
  private Optional<Integer> usedByRun(String name, int after) {
    Pattern use = Pattern.compile("\\$\\{?" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
    return template.instructions().stream()
        .filter(i -> i.line() > after && (i.keyword().equals("RUN")
            || i.keyword().equals("ONBUILD") && i.args().strip().toUpperCase(Locale.ROOT).startsWith("RUN")))
        .filter(i -> use.matcher(i.args()).find())
        .map(Template.Instruction::line).findFirst();
  }

  private void copy(Template.Instruction in) {
    java.util.regex.Matcher m = FLAGS.matcher(in.args().strip());
    m.matches();
    boolean fromStage = m.group(1).contains("--from=");
    List<String> args = Words.arguments(m.group(2), template.escape());
    if (args.size() < 2) {
      return;
    }
    List<String> sources = args.subList(0, args.size() - 1);
    String dest = args.get(args.size() - 1);
    List<String> credentials = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String src : sources) {
      if (src.contains("://") || underVendor(src)) {
        continue;
      }
      if (CredentialPaths.certain(src)) {
        credentials.add(IgnorePatterns.clean(src));
      } else if (CredentialPaths.matches(src)) {
        String s = IgnorePatterns.clean(src);
        List<String> sent = context.map(c -> c.files().stream().filter(f -> f.equals(s)).toList()).orElse(List.of());
        if (sent.isEmpty()) {
          keys.add(s); // not in the context (or no context): the name alone cannot tell
        } else if (sent.stream().anyMatch(context.get()::credential)) {
          credentials.add(s); // a private key inside
        }
      } else if (!fromStage && context.isPresent()) {
        contextFiles(in, src);
      }
    }
    String layers = "; anything COPYed stays in the image's layers, even if removed later";
    if (!credentials.isEmpty()) {
      add(in, LintRule.CREDENTIAL_FILE, in.keyword() + " " + String.join(", ", credentials)
          + (credentials.size() == 1 ? ": a credential file" : ": credential files") + layers);
    } else if (!keys.isEmpty()) {
      findings.add(new LintFinding(in.line(), LintRule.CREDENTIAL_FILE, in.keyword() + " " + String.join(", ", keys)
          + ": named like a key; check that it is a public key or a certificate" + layers, true));
    } else if (CredentialPaths.place(dest)) {
      add(in, LintRule.CREDENTIAL_FILE, in.keyword() + " into " + dest + ": where a client reads credentials" + layers);
    }
  }

  private void contextFiles(Template.Instruction in, String src) {
    BuildContext ctx = context.get();
    String s = IgnorePatterns.clean(src);
    if (s.startsWith("..")) {
      return;
    }
    Pattern glob = GLOB.matcher(s).find() ? Pattern.compile(IgnorePatterns.toRegex(s) + "(?:/.*)?") : null;
    List<String> hits = new ArrayList<>();
    for (String f : ctx.files()) {
      boolean inSource = s.equals(".") || f.equals(s) || f.startsWith(s + "/")
          || glob != null && glob.matcher(f).matches();
      if (inSource && !underVendor(f) && ctx.credential(f)) {
        hits.add(f);
      }
    }
    if (!hits.isEmpty()) {
      String shown = String.join(", ", hits.subList(0, Math.min(5, hits.size())))
          + (hits.size() > 5 ? " and " + (hits.size() - 5) + " more" : "");
      add(in, LintRule.CONTEXT_CREDENTIALS, in.keyword() + " " + s + " would put " + shown
          + " into the image; move it out of the build context or exclude it in .dockerignore");
    }
  }

  private boolean underVendor(String path) {
    String p = IgnorePatterns.clean(path);
    return p.equals(vendorRel) || p.startsWith(vendorRel + "/");
  }

  private void add(Template.Instruction in, LintRule rule, String message) {
    findings.add(new LintFinding(in.line(), rule, message));
  }
}
