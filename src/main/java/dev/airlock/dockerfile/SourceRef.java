package dev.airlock.dockerfile;

import dev.airlock.manifest.SourceSpec;
import java.util.Optional;

/** What the generator needs from one manifest entry ({@code closure}: see {@link SourceSpec#closure()}). */
public record SourceRef(String name, String kind, Optional<String> dest, String fingerprint, boolean closure) {
  public SourceRef(String name, String kind, Optional<String> dest, String fingerprint) {
    this(name, kind, dest, fingerprint, false);
  }

  public static SourceRef of(SourceSpec s) {
    return new SourceRef(s.name(), s.kind(), s.dest(), s.fingerprint(), s.closure());
  }
}
