package dev.airlock.cli.options;

import dev.airlock.engine.NetworkSettings;
import dev.airlock.fetch.FetchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --ca-cert}, {@code --netrc}, {@code --jobs}, {@code --offline}, {@code --remote-cache}. */
public final class NetworkOptions {
  @Option(names = "--ca-cert", paramLabel = "FILE", description = "Extra trusted CA (PEM); repeatable. Added to the JDK's CAs.")
  List<Path> caCerts = new ArrayList<>();

  @Option(names = "--netrc", paramLabel = "FILE", description = "netrc file (default: $NETRC, else ~/.netrc).")
  Path netrc;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel downloads (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + FetchOptions.DEFAULT_JOBS)
  int jobs;

  @Option(names = "--offline", description = "No network: fail if a source is not already in place.")
  boolean offline;

  @Option(names = "--remote-cache", paramLabel = "URL",
      description = "Shared cache for locked files (Bazel's HTTP cache protocol: URL/cas/<sha256>); "
          + "overrides $AIRLOCK_REMOTE_CACHE and the manifest's cache.remote.")
  String remoteCache;

  @Option(names = "--remote-cache-write", negatable = true, paramLabel = "BOOL",
      description = "Upload what the remote cache lacks after a successful run (default: the manifest's cache.write, else off).")
  Boolean remoteCacheWrite;

  public Optional<String> remoteCache() {
    return Optional.ofNullable(remoteCache);
  }

  public Optional<Boolean> remoteCacheWrite() {
    return Optional.ofNullable(remoteCacheWrite);
  }

  public List<Path> caCerts(Path cwd) {
    return caCerts.stream().map(p -> cwd.resolve(p).normalize()).toList();
  }

  public Optional<Path> netrc(Path cwd) {
    return Optional.ofNullable(netrc).map(p -> cwd.resolve(p).normalize());
  }

  /** The settings a fetch takes from here, paths resolved against {@code cwd}. */
  public NetworkSettings settings(Path cwd) {
    return new NetworkSettings(caCerts(cwd), netrc(cwd), remoteCache(), remoteCacheWrite());
  }

  public int jobs() {
    return jobs;
  }

  public boolean offline() {
    return offline;
  }
}
