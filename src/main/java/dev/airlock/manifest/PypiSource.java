package dev.airlock.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code pypi: { index, requirement: NAME==VERSION, files: [GLOB…] }}. {@code index} is a Simple
 * API base URL (validated like every manifest URL); {@code project} is the name as written and
 * {@code version} the pinned version; {@code files} narrows the version's files by file name.
 */
public record PypiSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String index,
    String project,
    Pep440Version version,
    List<String> files) implements SourceSpec {

  public PypiSource {
    files = List.copyOf(files);
  }

  @Override
  public String kind() {
    return "pypi";
  }

  /** PEP 503: lower case, runs of {@code - _ .} become one {@code -}. */
  public static String normalize(String project) {
    return project.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  public String normalizedProject() {
    return normalize(project);
  }

  @Override
  public String canonicalForm() {
    StringBuilder b = new StringBuilder("kind=pypi\nindex=").append(index)
        .append("\nproject=").append(normalizedProject())
        .append("\nversion=").append(version.canonical()).append('\n');
    files.forEach(f -> b.append("file=").append(f).append('\n'));
    return b.toString();
  }
}
