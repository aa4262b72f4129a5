package dev.airlock.cli;

import dev.airlock.cli.options.JsonOption;
import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.NetworkOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.common.Bytes;
import dev.airlock.console.Console;
import dev.airlock.engine.FetchEngine;
import dev.airlock.error.AirlockException;
import dev.airlock.fetch.FetchOptions;
import dev.airlock.fetch.FetchResult;
import dev.airlock.fetch.FetchService;
import dev.airlock.fetch.UpToDate;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.RemoteCacheSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code airlock fetch}. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Resolve every source, download into the vendor dir, write fetch.lock.")
public final class FetchCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin ManifestOptions manifestOptions;
  @Mixin NetworkOptions network;
  @Mixin OutputOptions output;
  @Mixin JsonOption json;

  @Option(names = "--frozen", description = "Fail if fetch.lock is missing or does not match the manifest; never write it.")
  boolean frozen;

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Optional<Path> override = manifestOptions.vendorDir().map(d -> ctx.env().workingDir().resolve(d).normalize());
    network.remoteCache().ifPresent(u -> RemoteCacheSpec.checkedUrl(u, "--remote-cache")); // a usage error, even when up to date
    if (!json.enabled() && upToDate(ctx, console, override)) {
      return 0;
    }
    Manifest manifest = manifestOptions.load(ctx.env());
    FetchOptions options = new FetchOptions(frozen, network.offline(), network.jobs(), Optional.empty(), override);
    return run(ctx, console, manifest, network, output, options, json.enabled());
  }

  /** The no-op shortcut ({@link FetchService#upToDate}): reported without reading the manifest. */
  private boolean upToDate(CliContext ctx, Console console, Optional<Path> override) {
    long start = System.nanoTime();
    Optional<UpToDate.Summary> s = FetchService.upToDate(manifestOptions.manifestPath(ctx.env()).toAbsolutePath(),
        override, console::warn);
    if (s.isEmpty()) {
      return false;
    }
    console.debug("fetch.lock, " + manifestOptions.displayName() + " and the " + s.get().files()
        + " vendored files are as the last successful run left them: nothing to do");
    ProgressRenderer progress = new ProgressRenderer(console, output.progress());
    s.get().sources().forEach(src -> progress.finished(src.name(), src.kind(), src.files(), 0, true));
    long ms = (System.nanoTime() - start) / 1_000_000;
    console.result(summary(s.get().sources().size(), 0, s.get().files(), 0, ms, display(ctx.env().workingDir(), s.get().vendor())));
    return true;
  }

  private static String summary(long sources, long fetched, int files, long bytes, long ms, String vendor) {
    return String.format("%d source%s (%d fetched, %d up to date), %d file%s, %s in %d ms -> %s",
        sources, sources == 1 ? "" : "s", fetched, sources - fetched, files, files == 1 ? "" : "s",
        Bytes.human(bytes), ms, vendor);
  }

  /** A path relative to the working dir when it is below it, else absolute. */
  static String display(Path cwd, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  /** Fetches {@code manifest} and reports it: a summary line, or with {@code json} the document on stdout. */
  static int run(CliContext ctx, Console console, Manifest manifest, NetworkOptions network, OutputOptions output,
      FetchOptions options, boolean json) {
    Path cwd = ctx.env().workingDir();
    ProgressRenderer progress = new ProgressRenderer(console, output.progress());
    FetchReport report = new FetchReport(progress, options.update().isPresent() ? "update" : "fetch");
    try (FetchEngine engine = FetchEngine.open(ctx.env(), ctx.secrets(), manifest, network.settings(cwd),
        json ? report : progress, console::warn, console::debug)) {
      long start = System.nanoTime();
      try {
        FetchResult result = engine.fetch(options);
        long ms = (System.nanoTime() - start) / 1_000_000;
        String vendor = display(cwd, manifest.vendorDir());
        String summary = summary(result.outcomes().size(), result.fetched(), result.files(), result.bytes(), ms, vendor);
        if (json) {
          console.document(report.success(result.outcomes(), Optional.of(result.lock()), vendor, ms));
          console.info(summary); // stdout holds only the document
        } else {
          console.result(summary);
        }
        return 0;
      } catch (AirlockException e) {
        if (json) {
          console.document(report.failure(e.exitCode(), e.getMessage()));
        }
        throw e;
      }
    }
  }
}
