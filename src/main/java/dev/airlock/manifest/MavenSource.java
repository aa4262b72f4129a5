package dev.airlock.manifest;

import java.util.Optional;

/**
 * {@code maven: { repository, artifact: GROUP:ARTIFACT:VERSION[:CLASSIFIER][@EXT] }}. Every part
 * is a safe path segment ({@code [A-Za-z0-9_.-]}, not {@code .} or {@code ..}); {@code extension}
 * defaults to {@code jar}.
 */
public record MavenSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String repository,
    String groupId,
    String artifactId,
    String version,
    Optional<String> classifier,
    String extension) implements SourceSpec {

  @Override
  public String kind() {
    return "maven";
  }

  public boolean snapshot() {
    return version.endsWith("-SNAPSHOT");
  }

  /** {@code group/path/artifact/version}, the folder of this version in a Maven repository. */
  public String versionPath() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + version;
  }

  /** As written in the manifest, normalised: {@code g:a:v[:c][@ext]} with {@code @jar} left out. */
  public String coordinates() {
    return groupId + ":" + artifactId + ":" + version + classifier.map(c -> ":" + c).orElse("")
        + (extension.equals("jar") ? "" : "@" + extension);
  }

  @Override
  public String canonicalForm() {
    return "kind=maven\nrepository=" + repository + "\nartifact=" + coordinates() + "\n";
  }
}
