package dev.airlock.cli;

import dev.airlock.cli.options.JsonOption;
import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.NetworkOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.error.UsageException;
import dev.airlock.fetch.FetchOptions;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code airlock update [NAME…]}: a fetch that re-resolves the named sources (or all) ignoring the lock. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = "Re-resolve moving refs and versions (all sources, or the named ones), rewrite fetch.lock, fetch.")
public final class UpdateCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin ManifestOptions manifestOptions;
  @Mixin NetworkOptions network;
  @Mixin OutputOptions output;
  @Mixin JsonOption json;

  @Parameters(paramLabel = "NAME", arity = "0..*", description = "Sources to update (default: all).")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Manifest manifest = manifestOptions.load(ctx.env());
    Set<String> wanted = new LinkedHashSet<>(names);
    List<String> unknown = wanted.stream().filter(n -> manifest.source(n).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new UsageException("update: no source named " + String.join(", ", unknown) + " in "
          + manifestOptions.displayName() + "; sources: "
          + String.join(", ", manifest.sources().stream().map(SourceSpec::name).toList()));
    }
    for (String extra : MavenSnapshots.siblings(manifest.sources(), wanted)) {
      console.info("update: also updating " + extra + ": the same SNAPSHOT as " + String.join(", ", wanted)
          + " (its files must come from the same deploy)");
      wanted.add(extra);
    }
    FetchOptions options = new FetchOptions(false, network.offline(), network.jobs(), Optional.of(Set.copyOf(wanted)),
        manifestOptions.vendorDir().map(d -> ctx.env().workingDir().resolve(d).normalize()));
    return FetchCommand.run(ctx, console, manifest, network, output, options, json.enabled());
  }
}
