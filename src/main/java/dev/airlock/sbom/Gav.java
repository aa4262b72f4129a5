package dev.airlock.sbom;

import java.util.Collection;
import java.util.Optional;

/** Maven coordinates read back from a vendored path {@code maven/GROUP/PATH/ARTIFACT/VERSION/FILE}. */
record Gav(String group, String artifact, String version) {
  static Optional<Gav> fromFiles(Collection<String> paths) {
    for (String p : paths) {
      String[] s = p.split("/");
      if (s.length >= 5 && s[0].equals("maven") && !p.endsWith(".sha1")) {
        String group = String.join(".", java.util.Arrays.copyOfRange(s, 1, s.length - 3));
        return Optional.of(new Gav(group, s[s.length - 3], s[s.length - 2]));
      }
    }
    return Optional.empty();
  }
}
