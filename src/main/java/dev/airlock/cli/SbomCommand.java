package dev.airlock.cli;

import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.error.CheckFailedException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.sbom.SbomGenerator;
import dev.airlock.placement.AtomicFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code airlock sbom}: CycloneDX 1.6 JSON of what fetch.lock pins, offline. */
@Command(name = "sbom", mixinStandardHelpOptions = true,
    description = "CycloneDX 1.6 JSON of everything vendored (purls, sha256 of each file, source URLs), from fetch.lock.")
public final class SbomCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin ManifestOptions manifestOptions;
  @Mixin OutputOptions output;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
  Path outputFile;

  @Option(names = "--timestamp", description = "Record the current time in metadata.timestamp (the output then differs per run).")
  boolean timestamp;

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Manifest manifest = manifestOptions.load(ctx.env());
    Lock lock = LockFile.read(manifest.lockFile())
        .orElseThrow(() -> new CheckFailedException("no fetch.lock beside " + manifestOptions.displayName()
            + "; run `airlock fetch` first"));
    String json = SbomGenerator.generate(manifest, lock, AirlockCommand.VersionProvider.version(),
        timestamp ? Optional.of(Instant.now()) : Optional.empty());
    if (outputFile == null) {
      console.document(json);
    } else {
      Path target = ctx.env().workingDir().resolve(outputFile).normalize();
      AtomicFiles.writeString(target, json);
      console.info("wrote " + FetchCommand.display(ctx.env().workingDir(), target) + ": "
          + manifest.sources().size() + " sources");
    }
    return 0;
  }
}
