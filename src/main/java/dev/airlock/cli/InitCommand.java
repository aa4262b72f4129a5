package dev.airlock.cli;

import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.error.UsageException;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code airlock init}: a commented starter manifest; never overwrites. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Write a commented starter fetch.yaml.")
public final class InitCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin OutputOptions output;

  @Option(names = {"-f", "--manifest"}, paramLabel = "FILE", defaultValue = "fetch.yaml",
      description = "Where to write it (default: ${DEFAULT-VALUE}).")
  String manifest;

  @Override
  public Integer call() throws IOException {
    Console console = root.context.console(output.verbosity());
    Path target = root.context.env().workingDir().resolve(manifest).normalize();
    if (Files.exists(target)) {
      throw new UsageException(manifest + " already exists; not overwriting it");
    }
    AtomicFiles.writeString(target, template());
    console.result("wrote " + manifest + ": add your sources, then run `airlock fetch`");
    return 0;
  }

  static String template() throws IOException {
    try (InputStream in = InitCommand.class.getResourceAsStream("/dev/airlock/init-fetch.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
