package dev.airlock.manifest;

import java.util.Optional;

/**
 * {@code npm: { registry, package: NAME@VERSION }} where NAME is {@code name} or
 * {@code @scope/name} (lower case, URL-safe, as npm requires) and VERSION an exact semver.
 */
public record NpmSource(
    String name,
    CredentialRef credentials,
    Optional<String> dest,
    String registry,
    String packageName,
    String version) implements SourceSpec {

  @Override
  public String kind() {
    return "npm";
  }

  public Optional<String> scope() {
    return packageName.startsWith("@")
        ? Optional.of(packageName.substring(1, packageName.indexOf('/')))
        : Optional.empty();
  }

  /** The name without its scope. */
  public String bareName() {
    return packageName.substring(packageName.indexOf('/') + 1);
  }

  /** The path segment npm requests the packument at: {@code @scope%2fname} or {@code name}. */
  public String escapedName() {
    return packageName.replace("/", "%2f");
  }

  /** {@code npm pack}'s file name: {@code corp-ui-kit-3.2.1.tgz} for {@code @corp/ui-kit@3.2.1}. */
  public String tarballFileName() {
    return scope().map(s -> s + "-").orElse("") + bareName() + "-" + version + ".tgz";
  }

  @Override
  public String canonicalForm() {
    return "kind=npm\nregistry=" + registry + "\npackage=" + packageName + "@" + version + "\n";
  }
}
