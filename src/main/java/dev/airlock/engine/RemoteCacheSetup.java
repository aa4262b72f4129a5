package dev.airlock.engine;

import dev.airlock.cache.RemoteCache;
import dev.airlock.common.Environment;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.RemoteCacheSpec;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.ProxyConfig;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * Which remote cache a fetch uses: {@code --remote-cache}, else {@code AIRLOCK_REMOTE_CACHE}, else
 * the manifest's {@code cache.remote}; its credential is always the manifest's
 * {@code cache.credentials} (none when absent: never netrc, never a source's). It gets its own
 * transport with short timeouts and one retry, so a slow or broken cache costs seconds, not minutes.
 */
final class RemoteCacheSetup {
  static final Duration CONNECT = Duration.ofSeconds(5);
  static final Duration READ = Duration.ofSeconds(20);
  static final RetryPolicy RETRY = new RetryPolicy(1, Duration.ofMillis(200), Duration.ofSeconds(2));

  private RemoteCacheSetup() {}

  static Optional<RemoteCacheSpec> spec(Manifest manifest, NetworkSettings network, Environment env) {
    Optional<RemoteCacheSpec> declared = manifest.remoteCache();
    Optional<HttpUrl> url = network.remoteCache().map(u -> RemoteCacheSpec.checkedUrl(u, "--remote-cache"))
        .or(() -> env.get("AIRLOCK_REMOTE_CACHE").filter(v -> !v.isEmpty())
            .map(u -> RemoteCacheSpec.checkedUrl(u, "AIRLOCK_REMOTE_CACHE")))
        .or(() -> declared.map(RemoteCacheSpec::remote));
    if (url.isEmpty()) {
      return Optional.empty();
    }
    boolean write = network.remoteCacheWrite().orElse(declared.map(RemoteCacheSpec::write).orElse(false));
    return Optional.of(new RemoteCacheSpec(url.get(), declared.flatMap(RemoteCacheSpec::credentials), write));
  }

  /**
   * The cache, or empty when none is configured or its credential is not available here (a
   * developer's machine without the CI secret): then a warning, and the run goes to the origins.
   */
  static Optional<RemoteCache> open(Optional<RemoteCacheSpec> spec, CredentialResolver credentials, TlsConfig tls,
      ProxyConfig proxies, Consumer<String> warn, Consumer<String> debug) {
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    RemoteCacheSpec s = spec.get();
    RequestAuth auth;
    try {
      auth = credentials.forCache(s.credentials(), s.remote());
    } catch (UsageException e) {
      warn.accept("remote cache not used: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new RemoteCache(s.remote(), auth,
        new HttpTransport(() -> HttpTransport.defaultClient(tls, proxies, CONNECT, READ), RETRY, debug), s.write()));
  }
}
