package dev.airlock.docker;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files that hold credentials: one list for everything airlock does with them. As
 * {@code .dockerignore} patterns it fills the managed block that keeps them out of the build
 * context; the template lint and {@code airlock scan --dockerfile} call a COPY/ADD of one (or a RUN
 * writing one) a leak; and {@link #kind} tells the scanner which parser reads a file's content.
 *
 * <p>SSH keys are listed by the names ssh-keygen gives them rather than {@code id_*}, which would
 * also drop ordinary sources such as {@code id_generator.py} from a {@code COPY . .} without a word;
 * {@code *.pub} files are public keys and never match.
 */
public final class CredentialPaths {
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
      "**/.dockercfg",
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
      "**/*.ppk",
      "**/.ssh",
      "**/.gnupg",
      "**/.aws/credentials",
      "**/.kube/config",
      "**/.pgpass",
      "**/.vault-token",
      "**/.env*",
      "**/.git");

  /** Which parser reads a credential file's content (see the scanner's credential-file tier). */
  public enum Kind { NETRC, NPMRC, PYPIRC, PIP, MAVEN, GIT_CREDENTIALS, GIT_CONFIG, DOCKER, KEYSTORE, DER_KEY }

  /** Names that are a key or a certificate as often as a secret: the content decides, not the name. */
  private static final List<String> AMBIGUOUS = List.of("**/*.pem", "**/*.key");

  private static final IgnorePatterns MATCHER = IgnorePatterns.parse(PATTERNS);
  private static final IgnorePatterns CERTAIN = IgnorePatterns.parse(PATTERNS.stream()
      .filter(p -> !AMBIGUOUS.contains(p)).toList());
  /** As a COPY destination: the named places only (a *.pem there is usually a public CA). */
  private static final IgnorePatterns PLACES = IgnorePatterns.parse(PATTERNS.stream()
      .filter(p -> !p.contains("*.") && !p.endsWith(".env*") && !p.endsWith("/.git"))
      .toList());

  private CredentialPaths() {}

  /**
   * Whether a context-relative path (or a path inside a stage, or a COPY source as written,
   * wildcards taken literally) names a credential file or lies in a credential folder.
   */
  public static boolean matches(String path) {
    return !isPublicKey(path) && MATCHER.ignored(path);
  }

  /**
   * Whether {@code path} is a credential file by its name alone: {@link #matches} minus the names
   * that are public keys or certificates as often as private keys ({@code *.pem}, {@code *.key}:
   * Jenkins' images COPY their public signing key {@code jenkins.io-2026.key}).
   */
  public static boolean certain(String path) {
    return !isPublicKey(path) && CERTAIN.ignored(path);
  }

  /** Whether an image path is where a client reads credentials ({@code /root/.netrc}, {@code ~/.ssh/}, …). */
  public static boolean place(String imagePath) {
    return !isPublicKey(imagePath) && PLACES.ignored(imagePath);
  }

  /** The parser for the file at {@code path} ('/'-separated), if it is one whose values are checked. */
  public static Optional<Kind> kind(String path) {
    String p = path.replace('\\', '/');
    String name = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".pub")) {
      return Optional.empty();
    }
    Kind k = switch (name) {
      case ".netrc", "_netrc", "netrc" -> Kind.NETRC;
      case ".npmrc", "npmrc" -> Kind.NPMRC;
      case ".pypirc", "pypirc" -> Kind.PYPIRC;
      case "pip.conf", "pip.ini" -> Kind.PIP;
      case "settings.xml", "settings-security.xml" -> Kind.MAVEN;
      case ".git-credentials", "git-credentials" -> Kind.GIT_CREDENTIALS;
      case ".gitconfig" -> Kind.GIT_CONFIG;
      case ".dockercfg", "config.json" -> Kind.DOCKER;
      default -> {
        if (name.equals("config") && p.endsWith(".git/config")) {
          yield Kind.GIT_CONFIG;
        }
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
          yield Kind.KEYSTORE;
        }
        yield name.endsWith(".key") ? Kind.DER_KEY : null;
      }
    };
    return Optional.ofNullable(k);
  }

  private static boolean isPublicKey(String path) {
    String p = path.replace('\\', '/');
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.toLowerCase(Locale.ROOT).endsWith(".pub");
  }
}
