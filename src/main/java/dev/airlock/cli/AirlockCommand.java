package dev.airlock.cli;

import dev.airlock.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/** The root command: {@code airlock}. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = AirlockCommand.VersionProvider.class,
    description = "Fetch private dependencies outside docker build; write COPY-only Dockerfiles.",
    subcommands = {FetchCommand.class, UpdateCommand.class, VerifyCommand.class, DockerfileCommand.class,
        ScanCommand.class, InitCommand.class, SbomCommand.class, CompletionCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 a check failed, 2 usage or invalid manifest, 3 a fetch failed,",
        "70 internal error (a bug), 74 I/O error outside a fetch."})
public final class AirlockCommand implements Runnable {
  final CliContext context;

  public AirlockCommand(CliContext context) {
    this.context = context;
  }

  /** For picocli-codegen's ManPageGenerator (release build), which only reads the annotations. */
  @SuppressWarnings("unused")
  private AirlockCommand() {
    this(null);
  }

  @Override
  public void run() {
    throw new ParameterException(
        new CommandLine(this), "missing command (fetch, update, verify, dockerfile, scan, init)");
  }

  /** Reads the version and commit Maven wrote into {@code airlock.properties}. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"airlock " + version() + " (commit " + Version.commit() + ")"};
    }

    public static String version() {
      return Version.get();
    }
  }
}
