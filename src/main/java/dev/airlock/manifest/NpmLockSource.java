package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code npm: { registry, lockfile: package-lock.json, hosts: [...] }}: every registry package the
 * lock pins. {@code lockfile} is the path as written (relative to the manifest), {@code lock} what
 * it held when the manifest was read
 * ({@code lockfilePath} is where it was read from); {@code hosts} are the other hosts ({@code HOST} or
 * {@code HOST:PORT}) tarballs may come from besides the registry's own origin.
 */
public record NpmLockSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String registry,
    String lockfile,
    Path lockfilePath,
    NpmLockfile lock,
    List<String> hosts) implements SourceSpec {

  public NpmLockSource {
    hosts = List.copyOf(hosts);
  }

  @Override
  public String kind() {
    return "npm";
  }

  @Override
  public boolean closure() {
    return true;
  }

  @Override
  public List<Path> inputFiles() {
    return List.of(lockfilePath);
  }

  @Override
  public String canonicalForm() {
    StringBuilder b = new StringBuilder("kind=npm\nregistry=").append(registry)
        .append("\nlockfile=").append(lockfile)
        .append("\nlockfile.sha256=").append(lock.sha256()).append('\n');
    hosts.forEach(h -> b.append("host=").append(h).append('\n'));
    return b.toString();
  }
}
