package dev.airlock.manifest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** One entry of {@code sources:}. Each kind is a record; the reader picks it by which key is present. */
public sealed interface SourceSpec permits HttpSource, PypiSource, MavenSource, MavenPomSource, NpmSource, NpmLockSource, GitSource {
  /** Unique, {@code [a-z0-9][a-z0-9._-]*}. */
  String name();

  /** How this source authenticates. */
  CredentialRef credentials();

  /** Where it lands in the image, if the manifest says. */
  Optional<String> dest();

  /** {@code http}, {@code git}, {@code pypi}, {@code maven} or {@code npm}: also the manifest key. */
  String kind();

  /**
   * The fields that decide what gets vendored, one {@code key=value} per line in a fixed order.
   * Credentials and {@code dest} are not part of it: they change neither bytes nor resolution.
   */
  String canonicalForm();

  /**
   * True for a source that vendors a whole closure read from one of the project's lock files
   * (e.g. a hashed requirements file) rather than one pinned package.
   */
  default boolean closure() {
    return false;
  }

  /**
   * {@code allowCaseCollisions: true}: this source's paths may differ only in case or Unicode
   * normalisation (a tree meant for Linux only); false for kinds that do not take the key.
   */
  default boolean allowCaseCollisions() {
    return false;
  }

  /** Files besides the manifest whose bytes decide what this source vendors (its lock files). */
  default List<Path> inputFiles() {
    return List.of();
  }

  /** {@code sha256:<hex>} of {@link #canonicalForm()}: the lock's record of the manifest entry. */
  default String fingerprint() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(canonicalForm().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
