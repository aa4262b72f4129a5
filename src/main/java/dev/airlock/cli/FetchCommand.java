package dev.airlock.cli;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.JsonOption;
import dev.airlock.cli.options.NetworkOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.common.Bytes;
import dev.airlock.console.Console;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.error.AirlockException;
import dev.airlock.fetch.FetchListener;
import dev.airlock.fetch.FetchOptions;
import dev.airlock.fetch.FetchService;
import dev.airlock.fetch.FetcherRegistry;
import dev.airlock.fetch.SourceOutcome;
import dev.airlock.fetch.UpToDate;
import dev.airlock.fetch.WorkspaceLock;
import dev.airlock.fetch.git.GitFetcher;
import dev.airlock.fetch.http.HttpFetcher;
import dev.airlock.lock.LockFile;
import dev.airlock.fetch.maven.MavenClosureFetcher;
import dev.airlock.fetch.maven.MavenFetcher;
import dev.airlock.fetch.npm.NpmFetcher;
import dev.airlock.fetch.npm.NpmLockFetcher;
import dev.airlock.fetch.pypi.PypiFetcher;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.RemoteCacheSpec;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.ProxyConfig;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * The no-op shortcut ({@link UpToDate}): when the manifest, the lock and every vendored file are
   * as the last successful run left them, report so without reading the manifest.
   */
  private boolean upToDate(CliContext ctx, Console console, Optional<Path> override) {
    Path manifestFile = manifestOptions.manifestPath(ctx.env()).toAbsolutePath();
    Path workDir = manifestFile.getParent().resolve(".airlock");
    if (!Files.isRegularFile(workDir.resolve("up-to-date")) || !Files.isRegularFile(manifestFile)) {
      return false;
    }
    long start = System.nanoTime();
    Optional<UpToDate.Summary> s;
    try (WorkspaceLock ignored = WorkspaceLock.acquire(workDir, Duration.ofMinutes(10), console::warn)) {
      s = UpToDate.check(manifestFile, manifestFile.getParent().resolve("fetch.lock"), workDir, override);
    }
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

  static int run(CliContext ctx, Console console, Manifest manifest, NetworkOptions network, OutputOptions output,
      FetchOptions options) {
    return run(ctx, console, manifest, network, output, options, false);
  }

  static int run(CliContext ctx, Console console, Manifest manifest, NetworkOptions network, OutputOptions output,
      FetchOptions options, boolean json) {
    Path cwd = ctx.env().workingDir();
    List<Path> cas = new ArrayList<>(manifest.caCerts());
    cas.addAll(network.caCerts(cwd));
    Optional<TlsConfig.ClientCert> clientCert = manifest.clientCert()
        .map(c -> new TlsConfig.ClientCert(c.cert(), c.key(), manifest.sourceHosts()));
    ProxyConfig proxies = ProxyConfig.fromEnvironment(ctx.env(), ctx.secrets());
    HttpTransport http = new HttpTransport(() -> HttpTransport.defaultClient(TlsConfig.with(cas, clientCert),
        proxies), RetryPolicy.DEFAULT, console::debug);
    CredentialResolver credentials = new CredentialResolver(manifest, ctx.env(), ctx.secrets(),
        network.netrc(cwd), console::warn);
    Optional<RemoteCache> remote = RemoteCacheSetup.open(RemoteCacheSetup.spec(manifest, network, ctx.env()),
        credentials, TlsConfig.with(cas, Optional.empty()), proxies, console::warn, console::debug);
    ProgressRenderer progress = new ProgressRenderer(console, output.progress());
    FetchReport report = new FetchReport(progress, options.update().isPresent() ? "update" : "fetch");
    FetchListener listener = json ? report : progress;
    FetcherRegistry fetchers = new FetcherRegistry().register(new HttpFetcher())
        .register(new PypiFetcher()).register(new MavenFetcher()).register(new MavenClosureFetcher())
        .register(new NpmFetcher()).register(new NpmLockFetcher())
        .register(new GitFetcher(ctx.env().home(), proxies));
    FetchService service = new FetchService(fetchers, http, credentials,
        new ContentCache(ContentCache.defaultDir(ctx.env())), proxies.logins(), listener).withRemoteCache(remote);
    long start = System.nanoTime();
    try {
      List<SourceOutcome> outcomes = service.fetch(manifest, options);
      long fetched = outcomes.stream().filter(o -> !o.upToDate()).count();
      long bytes = outcomes.stream().mapToLong(SourceOutcome::bytes).sum();
      int files = outcomes.stream().mapToInt(SourceOutcome::files).sum();
      long ms = (System.nanoTime() - start) / 1_000_000;
      String vendor = display(cwd, manifest.vendorDir());
      if (json) {
        console.document(report.success(outcomes, LockFile.read(manifest.lockFile()), vendor, ms));
      }
      String summary = summary(outcomes.size(), fetched, files, bytes, ms, vendor);
      if (json) {
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
    } finally {
      http.close();
      remote.ifPresent(RemoteCache::close);
    }
  }
}
