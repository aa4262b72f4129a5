package dev.airlock.dockerfile;

import java.util.List;

/**
 * Files that hold credentials, as {@code .dockerignore} patterns. The same list fills the managed
 * {@code .dockerignore} block and drives the template lint, so what the lint calls a credential
 * file is exactly what the block keeps out of the build context.
 *
 * <p>SSH keys are listed by the names ssh-keygen gives them rather than {@code id_*}, which would
 * also drop ordinary sources such as {@code id_generator.py} from a {@code COPY . .} without a word.
 */
public final class CredentialFiles {
  /** In the order they are written into {@code .dockerignore}. */
  public static final List<String> PATTERNS = List.of(
      "**/.netrc",
      "**/_netrc",
      "**/.npmrc",
      "**/.pypirc",
      "**/pip.conf",
      "**/pip.ini",
      "**/.git-credentials",
      "**/.docker/config.json",
      "**/settings.xml",
      "**/settings-security.xml",
      "**/id_rsa",
      "**/id_dsa",
      "**/id_ecdsa",
      "**/id_ecdsa_sk",
      "**/id_ed25519",
      "**/id_ed25519_sk",
      "**/*.pem",
      "**/*.key",
      "**/*.p12",
      "**/*.pfx",
      "**/.ssh",
      "**/.gnupg",
      "**/.aws/credentials",
      "**/.env*",
      "**/.git");

  private static final IgnorePatterns MATCHER = IgnorePatterns.parse(PATTERNS);
  /** As a COPY destination: the named places only (a *.pem there is usually a public CA). */
  private static final IgnorePatterns PLACES = IgnorePatterns.parse(PATTERNS.stream()
      .filter(p -> !p.contains("*.") && !p.endsWith(".env*") && !p.endsWith("/.git")).toList());

  private CredentialFiles() {}

  /**
   * Whether a context-relative path (or a path inside a stage, or a COPY source as written,
   * wildcards taken literally) names a credential file or lies in a credential folder.
   */
  public static boolean matches(String path) {
    return MATCHER.ignored(path);
  }

  /** Whether an image path is where a client reads credentials ({@code /root/.netrc}, {@code ~/.ssh/}, …). */
  public static boolean place(String imagePath) {
    return PLACES.ignored(imagePath);
  }
}
