package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code maven: { repository | repositories: [...], pom: pom.xml, hosts: [...] }}: the whole
 * closure {@code mvn package} of that project needs. {@code pom} is the host path of the root POM;
 * {@code pomDigest} is the sha256 of every POM of its reactor (read when the manifest is parsed), so
 * editing any of them makes the source stale. {@code hosts} are the extra hosts ({@code HOST} or
 * {@code HOST:PORT}) a file may come from besides the repositories' own.
 */
public record MavenPomSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    List<String> repositories,
    String pomAsWritten,
    Path pom,
    String pomDigest,
    List<Path> reactorPoms,
    List<String> hosts) implements SourceSpec {

  public MavenPomSource {
    repositories = List.copyOf(repositories);
    reactorPoms = List.copyOf(reactorPoms);
    hosts = List.copyOf(hosts);
  }

  @Override
  public List<Path> inputFiles() {
    return reactorPoms;
  }

  @Override
  public String kind() {
    return "maven";
  }

  @Override
  public String canonicalForm() {
    return "kind=maven\nrepositories=" + String.join(" ", repositories) + "\npom=" + pomAsWritten
        + "\npom.sha256=" + pomDigest + "\nhosts=" + String.join(" ", hosts) + "\n";
  }
}
