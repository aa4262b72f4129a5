package dev.airlock.fetch.pypi;

import dev.airlock.manifest.Pep440Version;
import dev.airlock.manifest.PypiSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Project and version read from a distribution's file name: a wheel
 * ({@code NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl}, PEP 427) or an sdist
 * ({@code NAME-VERSION.tar.gz} and the older archive types, where NAME may itself contain dashes).
 */
record DistFileName(String project, Pep440Version version, boolean wheel) {
  /** What may appear in a file name we write into the vendor dir. */
  static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_+!~][A-Za-z0-9._+!~-]{0,254}");
  private static final List<String> SDIST_EXTENSIONS =
      List.of(".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar");

  /** Empty when the name is not a distribution of {@code normalizedProject} with a valid version. */
  static Optional<DistFileName> parse(String fileName, String normalizedProject) {
    if (!SAFE.matcher(fileName).matches()) {
      return Optional.empty();
    }
    if (fileName.endsWith(".whl")) {
      String[] parts = fileName.substring(0, fileName.length() - 4).split("-", -1);
      if (parts.length != 5 && parts.length != 6) {
        return Optional.empty();
      }
      String project = PypiSource.normalize(parts[0]);
      return project.equals(normalizedProject)
          ? Pep440Version.parse(parts[1]).map(v -> new DistFileName(project, v, true))
          : Optional.empty();
    }
    for (String ext : SDIST_EXTENSIONS) {
      if (fileName.endsWith(ext)) {
        return sdist(fileName.substring(0, fileName.length() - ext.length()), normalizedProject);
      }
    }
    return Optional.empty();
  }

  /** Splits {@code NAME-VERSION} at the dash after which the name normalises to the project (as pip does). */
  private static Optional<DistFileName> sdist(String stem, String normalizedProject) {
    for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
      if (PypiSource.normalize(stem.substring(0, i)).equals(normalizedProject)) {
        Optional<Pep440Version> v = Pep440Version.parse(stem.substring(i + 1));
        if (v.isPresent() && !stem.substring(i + 1).isBlank()) {
          return Optional.of(new DistFileName(normalizedProject, v.get(), false));
        }
      }
    }
    return Optional.empty();
  }
}
