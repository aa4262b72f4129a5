package dev.airlock.engine;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.common.Environment;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.fetch.FetchListener;
import dev.airlock.fetch.FetchOptions;
import dev.airlock.fetch.FetchResult;
import dev.airlock.fetch.FetchService;
import dev.airlock.fetch.FetcherRegistry;
import dev.airlock.fetch.git.GitFetcher;
import dev.airlock.fetch.http.HttpFetcher;
import dev.airlock.fetch.maven.MavenClosureFetcher;
import dev.airlock.fetch.maven.MavenFetcher;
import dev.airlock.fetch.npm.NpmFetcher;
import dev.airlock.fetch.npm.NpmLockFetcher;
import dev.airlock.fetch.pypi.PypiFetcher;
import dev.airlock.manifest.Manifest;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.ProxyConfig;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The standard fetch set-up for one manifest: TLS (the manifest's and the caller's CAs, the client
 * certificate for the sources' hosts), proxies from the environment, the transport, the credential
 * resolver, the local and remote caches, and every backend, wired into a {@link FetchService}.
 * Closing it closes the transports.
 */
public final class FetchEngine implements AutoCloseable {
  private final Manifest manifest;
  private final HttpTransport http;
  private final Optional<RemoteCache> remote;
  private final FetchService service;

  private FetchEngine(Manifest manifest, HttpTransport http, Optional<RemoteCache> remote, FetchService service) {
    this.manifest = manifest;
    this.http = http;
    this.remote = remote;
    this.service = service;
  }

  /**
   * Sets up a fetch of {@code manifest}. {@code secrets} learns every credential read (output is
   * scrubbed of them); {@code listener} hears the progress; {@code warn} and {@code debug} get the
   * set-up's own lines (a remote cache that cannot be used, each HTTP attempt).
   */
  public static FetchEngine open(Environment env, SecretRegistry secrets, Manifest manifest, NetworkSettings network,
      FetchListener listener, Consumer<String> warn, Consumer<String> debug) {
    List<Path> cas = new ArrayList<>(manifest.caCerts());
    cas.addAll(network.caCerts());
    Optional<TlsConfig.ClientCert> clientCert = manifest.clientCert()
        .map(c -> new TlsConfig.ClientCert(c.cert(), c.key(), manifest.sourceHosts()));
    ProxyConfig proxies = ProxyConfig.fromEnvironment(env, secrets);
    HttpTransport http = new HttpTransport(() -> HttpTransport.defaultClient(TlsConfig.with(cas, clientCert),
        proxies), RetryPolicy.DEFAULT, debug);
    try {
      CredentialResolver credentials = new CredentialResolver(manifest, env, secrets, network.netrc(), warn);
      Optional<RemoteCache> remote = RemoteCacheSetup.open(RemoteCacheSetup.spec(manifest, network, env),
          credentials, TlsConfig.with(cas, Optional.empty()), proxies, warn, debug);
      FetchService service = new FetchService(standardBackends(env, proxies), http, credentials,
          new ContentCache(ContentCache.defaultDir(env)), proxies.logins(), listener).withRemoteCache(remote);
      return new FetchEngine(manifest, http, remote, service);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /** Every backend: http, pypi, maven (and its pom closure), npm (and its lockfile closure), git. */
  static FetcherRegistry standardBackends(Environment env, ProxyConfig proxies) {
    return new FetcherRegistry().register(new HttpFetcher())
        .register(new PypiFetcher()).register(new MavenFetcher()).register(new MavenClosureFetcher())
        .register(new NpmFetcher()).register(new NpmLockFetcher())
        .register(new GitFetcher(env.home(), proxies));
  }

  /** Fetches the manifest: see {@link FetchService#fetch}. */
  public FetchResult fetch(FetchOptions options) {
    return service.fetch(manifest, options);
  }

  @Override
  public void close() {
    http.close();
    remote.ifPresent(RemoteCache::close);
  }
}
