package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code pypi:} sources. One of three inputs says what to vendor:
 * <ul>
 *   <li>{@code requirement: NAME==VERSION} ({@link Pin}) with {@code files} globs: the files of one
 *       version, read from the index;
 *   <li>{@code requirements: FILE} ({@link Requirements}): every pin of a hashed requirements file,
 *       each file of the pinned version whose sha256 the requirements file lists, from the index;
 *   <li>{@code pylock: FILE} ({@link Pylock}): every wheel and sdist a PEP 751 lock lists, from
 *       the URLs it gives.
 * </ul>
 * {@code index} is a Simple API base URL (optional only with {@code pylock}); {@code hosts} are
 * the other hosts files may come from.
 */
public record PypiSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    Optional<String> indexUrl,
    Input input,
    List<String> files,
    List<String> hosts) implements SourceSpec {

  /** What the source pins. */
  public sealed interface Input permits Pin, Requirements, Pylock {}

  /** A single {@code NAME==VERSION}. */
  public record Pin(String project, Pep440Version version) implements Input {}

  /**
   * A hashed requirements file: {@code path} as written, {@code sha256} over every file it read
   * ({@code read}: the file and its includes).
   */
  public record Requirements(String path, String sha256, List<RequirementsFile.Pin> pins, List<Path> read)
      implements Input {
    public Requirements {
      pins = List.copyOf(pins);
      read = List.copyOf(read);
    }
  }

  /** A PEP 751 lock: {@code path} as written, {@code sha256} of its bytes, {@code file} where it is. */
  public record Pylock(String path, String sha256, List<PylockFile.Package> packages, Path file) implements Input {
    public Pylock {
      packages = List.copyOf(packages);
    }
  }

  public PypiSource {
    files = List.copyOf(files);
    hosts = List.copyOf(hosts);
  }

  /** The single-pin form. */
  public PypiSource(String name, CredentialRef credentials, Optional<String> dest, String index, String project,
      Pep440Version version, List<String> files) {
    this(name, credentials, dest, Optional.of(index), new Pin(project, version), files, List.of());
  }

  @Override
  public String kind() {
    return "pypi";
  }

  @Override
  public boolean closure() {
    return !(input instanceof Pin);
  }

  @Override
  public List<Path> inputFiles() {
    if (input instanceof Requirements r) {
      return r.read();
    }
    return input instanceof Pylock l ? List.of(l.file()) : List.of();
  }

  /** PEP 503: lower case, runs of {@code - _ .} become one {@code -}. */
  public static String normalize(String project) {
    return project.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  @Override
  public String canonicalForm() {
    StringBuilder b = new StringBuilder("kind=pypi\n");
    indexUrl.ifPresent(i -> b.append("index=").append(i).append('\n'));
    if (input instanceof Pin p) {
      b.append("project=").append(normalize(p.project())).append("\nversion=").append(p.version().canonical())
          .append('\n');
    } else if (input instanceof Requirements r) {
      b.append("requirements=").append(r.path()).append("\nsha256=").append(r.sha256()).append('\n');
    } else if (input instanceof Pylock l) {
      b.append("pylock=").append(l.path()).append("\nsha256=").append(l.sha256()).append('\n');
    }
    files.forEach(f -> b.append("file=").append(f).append('\n'));
    hosts.forEach(h -> b.append("host=").append(h).append('\n'));
    return b.toString();
  }
}
