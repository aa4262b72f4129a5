package dev.airlock.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The network settings a fetch takes from its caller (the command line): extra trusted CAs (added
 * to the manifest's {@code tls.caCerts}), a netrc file, and a remote cache URL and write switch
 * that take precedence over {@code AIRLOCK_REMOTE_CACHE} and the manifest's {@code cache}. Paths
 * are absolute.
 */
public record NetworkSettings(List<Path> caCerts, Optional<Path> netrc, Optional<String> remoteCache,
    Optional<Boolean> remoteCacheWrite) {
  public NetworkSettings {
    caCerts = List.copyOf(caCerts);
  }
}
