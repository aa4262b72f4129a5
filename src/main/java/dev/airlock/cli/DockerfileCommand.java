package dev.airlock.cli;

import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.dockerfile.DockerfilePlan;
import dev.airlock.dockerfile.LintFinding;
import dev.airlock.dockerfile.LintRule;
import dev.airlock.dockerfile.SourceRef;
import dev.airlock.dockerfile.Template;
import dev.airlock.dockerfile.TemplateLint;
import dev.airlock.error.CheckFailedException;
import dev.airlock.error.UsageException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code airlock dockerfile}: the COPY-only Dockerfile and the managed .dockerignore block. */
@Command(name = "dockerfile", mixinStandardHelpOptions = true,
    description = {"Write the Dockerfile (from docker.base, or docker.template with '# airlock:vendor' lines) "
        + "and the managed .dockerignore block, from fetch.yaml and fetch.lock only.",
        "A template is linted first for patterns that put credentials into images."},
    footer = {"", "Lint rules (for --allow): credential-file, secret-arg-env, url-credentials, context-credentials.",
        "Exit codes: 0 written (or up to date with --check), 1 stale (--check), lint finding or no/stale fetch.lock, "
            + "2 usage or invalid manifest/template."})
public final class DockerfileCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin ManifestOptions manifestOptions;
  @Mixin OutputOptions output;

  @Option(names = "--check", description = "Write nothing; exit 1 if the Dockerfile or .dockerignore on disk "
      + "differs from what would be written.")
  boolean check;

  @Option(names = "--allow", paramLabel = "RULE", description = "Accept the template's findings of this lint rule "
      + "(repeatable, one rule each).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--lint", paramLabel = "FILE", description = "Only lint these Dockerfiles (repeatable): no manifest "
      + "or lock needed, nothing written; exit 1 on a finding that is not a warning.")
  List<Path> lintOnly = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Set<LintRule> allowed = allowedRules();
    if (!lintOnly.isEmpty()) {
      return lintFiles(console, ctx.env().workingDir(), allowed);
    }
    Manifest manifest = manifestOptions.load(ctx.env());
    Lock lock = LockFile.read(manifest.lockFile()).orElseThrow(() -> new CheckFailedException(
        "no fetch.lock beside " + manifestOptions.displayName() + "; run `airlock fetch` first (the Dockerfile "
            + "copies what the lock says was vendored)"));
    DockerfilePlan plan = DockerfilePlan.of(manifest, lock, manifest.sources().stream().map(SourceRef::of).toList());
    plan.warnings().forEach(console::warn);
    lint(console, plan, allowed);
    return check ? check(console, plan) : write(console, plan, manifest, ctx.env().workingDir());
  }

  private Set<LintRule> allowedRules() {
    Set<LintRule> rules = EnumSet.noneOf(LintRule.class);
    for (String id : allow) {
      rules.add(LintRule.byId(id).orElseThrow(() -> new UsageException("--allow: unknown lint rule; rules: "
          + Arrays.stream(LintRule.values()).map(LintRule::id).collect(Collectors.joining(", ")))));
    }
    return rules;
  }

  /** {@code --lint FILE…}: each file read as a template (markers optional), linted without a build context. */
  private int lintFiles(Console console, Path cwd, Set<LintRule> allowed) {
    int blocking = 0;
    for (Path p : lintOnly) {
      Path file = cwd.resolve(p).normalize();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException("--lint: cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
      }
      blocking += report(console, TemplateLint.lint(Template.parse(p.toString(), text), Optional.empty(), "vendor"),
          p.toString(), allowed).size();
    }
    if (blocking > 0) {
      throw new CheckFailedException(blocking + " lint finding" + (blocking == 1 ? "" : "s") + " in " + lintOnly.size()
          + " file" + (lintOnly.size() == 1 ? "" : "s"));
    }
    console.result("no lint finding in " + lintOnly.size() + " file" + (lintOnly.size() == 1 ? "" : "s"));
    return 0;
  }

  private static void lint(Console console, DockerfilePlan plan, Set<LintRule> allowed) {
    String template = plan.templateName().orElse("Dockerfile");
    List<LintFinding> blocking = report(console, plan.findings(), template, allowed);
    if (!blocking.isEmpty()) {
      String rules = blocking.stream().map(f -> f.rule().id()).distinct().collect(Collectors.joining(", "));
      throw new CheckFailedException(template + ": " + blocking.size() + " lint finding"
          + (blocking.size() == 1 ? "" : "s") + " (" + rules + "); nothing written. Fix the template, or accept a rule "
          + "with --allow RULE");
    }
  }

  /** Prints the findings (warnings and allowed ones on stderr); returns those that block. */
  private static List<LintFinding> report(Console console, List<LintFinding> findings, String template,
      Set<LintRule> allowed) {
    List<LintFinding> blocking = new ArrayList<>();
    for (LintFinding f : findings) {
      if (f.advisory()) {
        console.warn(f.format(template));
      } else if (allowed.contains(f.rule())) {
        console.warn("allowed by --allow " + f.rule().id() + ": " + f.format(template));
      } else {
        console.result(f.format(template));
        blocking.add(f);
      }
    }
    return blocking;
  }

  private static int check(Console console, DockerfilePlan plan) {
    List<String> stale = new ArrayList<>();
    for (Map.Entry<Path, String> e : plan.files().entrySet()) {
      if (!e.getValue().equals(current(e.getKey()))) {
        stale.add(plan.display(e.getKey()));
      }
    }
    stale.forEach(s -> console.result("stale: " + s));
    if (!stale.isEmpty()) {
      throw new CheckFailedException(String.join(", ", stale) + (stale.size() == 1 ? " is" : " are")
          + " not what `airlock dockerfile` would write; run it and commit the result");
    }
    console.result("up to date: " + plan.files().keySet().stream().map(plan::display).collect(Collectors.joining(", ")));
    return 0;
  }

  private static int write(Console console, DockerfilePlan plan, Manifest manifest, Path cwd) {
    List<String> written = new ArrayList<>();
    for (Map.Entry<Path, String> e : plan.files().entrySet()) {
      if (!e.getValue().equals(current(e.getKey()))) {
        AtomicFiles.replaceString(e.getKey(), e.getValue());
        written.add(plan.display(e.getKey()));
      }
    }
    int n = manifest.sources().size();
    console.result((written.isEmpty() ? "unchanged: " : "wrote ") + (written.isEmpty()
        ? plan.files().keySet().stream().map(plan::display).collect(Collectors.joining(", "))
        : String.join(", ", written)) + " (" + n + " source" + (n == 1 ? "" : "s") + "; build context: "
        + FetchCommand.display(cwd, plan.baseDir()) + ")");
    return 0;
  }

  /** The file's text, or null when it is missing or unreadable as UTF-8. */
  private static String current(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
