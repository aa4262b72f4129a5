package dev.airlock.manifest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code git: { url, ref, paths }}. {@code ref} is a tag, a branch, a full ref name, {@code HEAD}
 * or a full 40-digit commit id; {@code paths} (sorted, without duplicates) limits what is vendored
 * to those files or folders of the tree; empty means the whole tree. {@code allowCaseCollisions} lets
 * the tree hold paths that differ only in case or Unicode normalisation.
 */
public record GitSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    GitUrl url,
    String ref,
    List<String> paths,
    boolean allowCaseCollisions) implements SourceSpec {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  public GitSource {
    paths = List.copyOf(paths);
  }

  public GitSource(String name, CredentialRef credentials, Optional<String> dest, GitUrl url, String ref,
      List<String> paths) {
    this(name, credentials, dest, url, ref, paths, false);
  }

  @Override
  public String kind() {
    return "git";
  }

  /** Whether {@code ref} is a commit id rather than a name to resolve. */
  public boolean refIsCommit() {
    return COMMIT.matcher(ref).matches();
  }

  @Override
  public String canonicalForm() {
    // only when on, so that the fingerprints of existing lock entries stay as they were
    return "kind=git\nurl=" + url + "\nref=" + ref + "\npaths=" + String.join(",", paths) + "\n"
        + (allowCaseCollisions ? "allowCaseCollisions=true\n" : "");
  }
}
