package dev.airlock.cli;

import dev.airlock.cache.ContentCache;
import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.NetworkOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Bytes;
import dev.airlock.console.Console;
import dev.airlock.console.ProgressRenderer;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.fetch.FetchOptions;
import dev.airlock.fetch.FetchService;
import dev.airlock.fetch.FetcherRegistry;
import dev.airlock.fetch.SourceOutcome;
import dev.airlock.fetch.git.GitFetcher;
import dev.airlock.fetch.http.HttpFetcher;
import dev.airlock.fetch.maven.MavenFetcher;
import dev.airlock.fetch.npm.NpmFetcher;
import dev.airlock.fetch.pypi.PypiFetcher;
import dev.airlock.manifest.Manifest;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  @Option(names = "--frozen", description = "Fail if fetch.lock is missing or does not match the manifest; never write it.")
  boolean frozen;

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Manifest manifest = manifestOptions.load(ctx.env());
    FetchOptions options = new FetchOptions(frozen, network.offline(), network.jobs(), Optional.empty());
    return run(ctx, console, manifest, network, output, options);
  }

  /** A path relative to the working dir when it is below it, else absolute. */
  static String display(Path cwd, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  static int run(CliContext ctx, Console console, Manifest manifest, NetworkOptions network, OutputOptions output,
      FetchOptions options) {
    Path cwd = ctx.env().workingDir();
    List<Path> cas = new ArrayList<>(manifest.caCerts());
    cas.addAll(network.caCerts(cwd));
    HttpTransport http = new HttpTransport(() -> HttpTransport.defaultClient(TlsConfig.withExtraCas(cas)),
        RetryPolicy.DEFAULT, console::debug);
    CredentialResolver credentials = new CredentialResolver(manifest, ctx.env(), ctx.secrets(),
        network.netrc(cwd), console::warn);
    FetcherRegistry fetchers = new FetcherRegistry().register(new HttpFetcher())
        .register(new PypiFetcher()).register(new MavenFetcher()).register(new NpmFetcher())
        .register(new GitFetcher(ctx.env().home()));
    FetchService service = new FetchService(fetchers, http, credentials,
        new ContentCache(ContentCache.defaultDir(ctx.env())), ctx.secrets(),
        new ProgressRenderer(console, output.progress()));
    long start = System.nanoTime();
    try {
      List<SourceOutcome> outcomes = service.fetch(manifest, options);
      long fetched = outcomes.stream().filter(o -> !o.upToDate()).count();
      long bytes = outcomes.stream().mapToLong(SourceOutcome::bytes).sum();
      int files = outcomes.stream().mapToInt(SourceOutcome::files).sum();
      console.result(String.format("%d source%s (%d fetched, %d up to date), %d file%s, %s in %d ms -> %s",
          outcomes.size(), outcomes.size() == 1 ? "" : "s", fetched, outcomes.size() - fetched, files,
          files == 1 ? "" : "s", Bytes.human(bytes), (System.nanoTime() - start) / 1_000_000,
          display(cwd, manifest.vendorDir())));
      return 0;
    } finally {
      http.close();
    }
  }
}
