package dev.airlock.scan.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a variable, build-arg or label name says it holds a secret ({@code NPM_TOKEN},
 * {@code dbPassword}, {@code AWS_SECRET_ACCESS_KEY}), by whole words so that {@code AUTHOR},
 * {@code GPG_KEY}, {@code GOPRIVATE}, {@code PUBLIC_KEY} and {@code TOKEN_URL} stay quiet; and which
 * file names are credential files when a Dockerfile copies or writes them.
 */
public final class SecretNames {
  private static final Set<String> WORDS = Set.of("TOKEN", "PASSWORD", "PASSWD", "PASS", "SECRET", "PASSPHRASE",
      "CREDENTIAL", "CREDENTIALS", "CREDS", "APIKEY", "NETRC", "NPMRC", "PYPIRC", "AUTH", "PAT", "PRIVATEKEY");
  private static final Set<String> PAIRS = Set.of("API KEY", "ACCESS KEY", "SECRET KEY", "PRIVATE KEY", "AUTH KEY",
      "SSH KEY", "DEPLOY KEY", "ENCRYPTION KEY", "MASTER KEY", "CLIENT SECRET");
  private static final Set<String> NOT_A_VALUE = Set.of("FILE", "PATH", "DIR", "FILENAME", "LOCATION", "URL", "URI",
      "HOST", "PORT", "USER", "USERNAME", "NAME", "TYPE", "MODE", "ID", "ENABLED", "HEADER", "METHOD", "LENGTH",
      "TTL", "EXPIRY", "ENV", "VAR", "SOURCE", "REF", "KIND", "SCOPE", "ENDPOINT", "REGISTRY", "HELPER");
  private static final Set<String> CREDENTIAL_FILES = Set.of(".netrc", "_netrc", ".npmrc", ".pypirc", "pip.conf",
      "pip.ini", ".git-credentials", ".dockercfg", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk",
      "id_ed25519_sk", "credentials", ".pgpass", ".my.cnf", ".vault-token");
  private static final Set<String> CREDENTIAL_DIRS = Set.of(".ssh", ".aws", ".docker", ".gnupg", ".kube");

  private SecretNames() {}

  public static boolean isSecretName(String name) {
    List<String> words = words(name);
    if (words.isEmpty() || words.contains("PUBLIC") || words.contains("PUB")
        || NOT_A_VALUE.contains(words.get(words.size() - 1))) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      if (WORDS.contains(words.get(i)) || i > 0 && PAIRS.contains(words.get(i - 1) + " " + words.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** {@code npmAuthToken} / {@code NPM_AUTH-TOKEN} → NPM, AUTH, TOKEN. */
  static List<String> words(String name) {
    String split = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : split.split("[^A-Z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Whether a path (a COPY source or destination, a redirect target) is a credential file or
   * folder: {@code .netrc}, {@code id_rsa}, {@code ~/.ssh}, {@code .docker/config.json}, a key or keystore.
   */
  public static boolean isCredentialPath(String path) {
    String p = path.replace('\\', '/');
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    String name = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".pub")) {
      return false;
    }
    return CREDENTIAL_FILES.contains(name) || CREDENTIAL_DIRS.contains(name)
        || p.endsWith(".docker/config.json")
        || name.endsWith(".key") || name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".ppk")
        || name.equals("settings.xml") && p.contains(".m2");
  }
}
