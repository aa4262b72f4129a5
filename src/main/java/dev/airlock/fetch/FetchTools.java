package dev.airlock.fetch;

import dev.airlock.cache.ContentCache;
import dev.airlock.cache.RemoteCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.credentials.FileSecret;
import dev.airlock.net.HttpTransport;
import java.util.List;
import java.util.Optional;

/**
 * What every step of a fetch works with: the backends, the transport, the credentials, the local
 * cache (and the remote one, if any), the proxies' logins (secrets to scan for) and the listener.
 */
record FetchTools(FetcherRegistry fetchers, HttpTransport http, CredentialResolver credentials, ContentCache cache,
    List<FileSecret> proxyLogins, FetchListener listener, Optional<RemoteCache> remote) {
  FetchTools {
    proxyLogins = List.copyOf(proxyLogins);
  }

  FetchTools withRemote(Optional<RemoteCache> remote) {
    return new FetchTools(fetchers, http, credentials, cache, proxyLogins, listener, remote);
  }
}
