package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * A validated {@code fetch.yaml}. Paths are absolute: the reader resolves them against the
 * manifest's folder (and {@code ~} against $HOME).
 */
public record Manifest(
    Path file,
    int version,
    Path vendorDir,
    List<Path> caCerts,
    Map<String, CredentialSpec> credentials,
    List<SourceSpec> sources,
    DockerSpec docker,
    Optional<ClientCertSpec> clientCert,
    Optional<RemoteCacheSpec> remoteCache) {

  /** Without a remote cache. */
  public Manifest(Path file, int version, Path vendorDir, List<Path> caCerts, Map<String, CredentialSpec> credentials,
      List<SourceSpec> sources, DockerSpec docker, Optional<ClientCertSpec> clientCert) {
    this(file, version, vendorDir, caCerts, credentials, sources, docker, clientCert, Optional.empty());
  }

  /** Without a TLS client certificate. */
  public Manifest(Path file, int version, Path vendorDir, List<Path> caCerts, Map<String, CredentialSpec> credentials,
      List<SourceSpec> sources, DockerSpec docker) {
    this(file, version, vendorDir, caCerts, credentials, sources, docker, Optional.empty());
  }

  /** The same manifest with another remote cache ({@code --remote-cache}, {@code AIRLOCK_REMOTE_CACHE}). */
  public Manifest withRemoteCache(Optional<RemoteCacheSpec> cache) {
    return new Manifest(file, version, vendorDir, caCerts, credentials, sources, docker, clientCert, cache);
  }

  public Manifest {
    caCerts = List.copyOf(caCerts);
    credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    sources = List.copyOf(sources);
  }

  /** The folder holding the manifest: relative paths in it resolve here. */
  public Path baseDir() {
    return file.toAbsolutePath().getParent();
  }

  /** Where staging and temp files live: {@code .airlock/} beside the manifest, never inside vendor. */
  public Path workDir() {
    return workDirOf(file);
  }

  public Path lockFile() {
    return lockFileOf(file);
  }

  /**
   * {@link #workDir()} of the manifest at {@code manifestFile}, known without reading it (the
   * no-op shortcut of {@code fetch} must not parse YAML).
   */
  public static Path workDirOf(Path manifestFile) {
    return manifestFile.toAbsolutePath().getParent().resolve(".airlock");
  }

  /** {@link #lockFile()} of the manifest at {@code manifestFile}, known without reading it. */
  public static Path lockFileOf(Path manifestFile) {
    return manifestFile.toAbsolutePath().getParent().resolve("fetch.lock");
  }

  /**
   * The hosts of every https URL among the sources' resolution inputs (their canonical forms):
   * the only hosts a TLS client certificate is offered to.
   */
  public Set<String> sourceHosts() {
    Set<String> hosts = new TreeSet<>();
    for (SourceSpec s : sources) {
      for (String line : s.canonicalForm().split("\n")) {
        int eq = line.indexOf('=');
        HttpUrl u = eq < 0 ? null : HttpUrl.parse(line.substring(eq + 1));
        if (u != null) {
          hosts.add(u.host());
        }
      }
    }
    return hosts;
  }

  public Optional<SourceSpec> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every source by its name, for look-ups in a loop ({@link #source} walks the list). */
  public Map<String, SourceSpec> sourcesByName() {
    Map<String, SourceSpec> byName = new HashMap<>();
    sources.forEach(s -> byName.put(s.name(), s));
    return byName;
  }
}
