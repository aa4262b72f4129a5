package dev.airlock.manifest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** A deployed SNAPSHOT build as Maven names it: {@code 1.0-20261203.065654-1}. */
  private static final Pattern TIMESTAMPED = Pattern.compile("(.*)-([0-9]{8}\\.[0-9]{6})-([0-9]+)");

  /**
   * The version whose folder holds the files: {@code 1.0-SNAPSHOT} for a timestamped build
   * {@code 1.0-20261203.065654-1} (Maven's base version), else the version itself.
   */
  public String baseVersion() {
    Matcher m = TIMESTAMPED.matcher(version);
    return m.matches() ? m.group(1) + "-SNAPSHOT" : version;
  }

  public boolean snapshot() {
    return version.endsWith("-SNAPSHOT");
  }

  /** {@code group/path/artifact/version}, the folder of this version in a Maven repository. */
  public String versionPath() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + baseVersion();
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
