package dev.airlock.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for "this name or value looks like a secret", used by the manifest reader, the
 * template lint and the scanner. Tiers, for a variable (ARG, ENV, LABEL, a manifest value):
 *
 * <ul>
 *   <li><b>error</b>: a value in a known token format, a private key, a URL with credentials; or a
 *       name that only ever holds secrets ({@code NPM_TOKEN}, {@code DB_PASSWORD},
 *       {@code AWS_SECRET_ACCESS_KEY}) with a literal value (not a placeholder, not a path);</li>
 *   <li><b>warning</b>: a name that suggests a secret with no value or a placeholder, or a name
 *       that only suggests one ({@code REGISTRY_AUTH}, {@code SIGNING_KEY}) with a literal value;</li>
 *   <li><b>nothing</b>: names whose last word says what the value is ({@code _VERSION}, {@code _URL},
 *       {@code _HOST}, {@code _PATH}, {@code _FILE}, {@code _DIR}, {@code _USER}, {@code _ID},
 *       {@code _NAME}, {@code _KEY_ID}, …), public keys ({@code GPG_KEY(S)}, {@code PGP_KEY},
 *       {@code PUBLIC_KEY}, {@code *.pub}) and fingerprints.</li>
 * </ul>
 *
 * Names are split into words at {@code _}, {@code -}, {@code .} and camelCase humps, so
 * {@code npmAuthToken} and {@code NPM_AUTH_TOKEN} read the same and {@code AUTHOR},
 * {@code TOKENIZER} or {@code MONKEY} are not secret words. Reasons never repeat the value.
 */
public final class SecretRule {
  /** How sure the rule is that a secret is exposed. */
  public enum Tier { NONE, WARNING, ERROR }

  /** A tier and why (never the value); {@code NONE} has an empty reason. */
  public record Verdict(Tier tier, String reason) {
    static final Verdict NONE = new Verdict(Tier.NONE, "");
  }

  /** What a name says about its value. */
  public enum NameKind {
    /** Says nothing about secrets, or says what non-secret thing it holds. */
    NONE,
    /** Suggests a secret: {@code AUTH}, {@code KEY}, {@code PAT}, {@code NETRC}… */
    SUGGESTS,
    /** Only ever holds a secret: {@code PASSWORD}, {@code TOKEN}, {@code API_KEY}… */
    SECRET
  }

  private static final Set<String> SECRET_WORDS = Set.of("TOKEN", "TOKENS", "PASSWORD", "PASSWORDS", "PASSWD",
      "PASSPHRASE", "SECRET", "SECRETS", "CREDENTIAL", "CREDENTIALS", "CREDS", "APIKEY", "PRIVATEKEY", "AUTHTOKEN");
  private static final Set<String> SECRET_PAIRS = Set.of("API KEY", "ACCESS KEY", "SECRET KEY", "PRIVATE KEY",
      "AUTH KEY", "SSH KEY", "DEPLOY KEY", "ENCRYPTION KEY", "MASTER KEY", "SIGNING KEY", "LICENSE KEY",
      "ACCOUNT KEY", "CLIENT SECRET");
  /** Docker's SecretsUsedInArgOrEnv words that are not certain on their own. */
  private static final Set<String> SUGGEST_WORDS = Set.of("AUTH", "KEY", "KEYS", "PAT", "PSW", "PASS", "PWORD",
      "NETRC", "NPMRC", "PYPIRC", "HTPASSWD");
  /** A last word that says what the value is; {@code KEY_ID} ends with ID. */
  private static final Set<String> DESCRIBES = Set.of("VERSION", "VERSIONS", "VER", "URL", "URLS", "URI", "HOST",
      "HOSTS", "HOSTNAME", "PORT", "PATH", "PATHS", "FILE", "FILES", "FILENAME", "DIR", "DIRS", "DIRECTORY", "FOLDER",
      "LOCATION", "USER", "USERNAME", "LOGIN", "ID", "IDS", "NAME", "NAMES", "TYPE", "MODE", "ENABLED", "DISABLED",
      "ENABLE", "DISABLE", "LENGTH", "SIZE", "TTL", "TIMEOUT", "EXPIRY", "EXPIRES", "HEADER", "METHOD", "ENDPOINT",
      "REGISTRY", "HELPER", "SERVER", "KEYSERVER", "FINGERPRINT", "FINGERPRINTS", "SHA", "SHA1", "SHA256", "SHA512",
      "CHECKSUM", "HASH", "DIGEST", "ENV", "VAR", "SOURCE", "REF", "KIND", "SCOPE", "FORMAT", "ALGORITHM", "BITS",
      "PREFIX", "SUFFIX", "COUNT", "MIN", "MAX", "LIMIT", "RETRIES", "REQUIRED", "ISSUER", "AUDIENCE", "REALM",
      "PROVIDER", "MODULE", "PLUGIN", "LEVEL", "POLICY", "STORE", "OPTS", "OPTIONS", "FLAGS", "ARGS", "CMD",
      "COMMAND", "SCRIPT", "PATTERN", "ALIAS", "LABEL");
  /** Words that make a following KEY a public one. */
  private static final Set<String> PUBLIC = Set.of("PUBLIC", "PUB", "GPG", "PGP", "GNUPG");

  private static final Pattern URL_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/\\s@\"']+)@");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final List<Pattern> TOKENS = List.of(
      Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36}"),
      Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,}"),
      Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"),
      Pattern.compile("\\bnpm_[A-Za-z0-9]{36}"),
      Pattern.compile("\\bpypi-AgE[A-Za-z0-9_-]{50,}"),
      Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
      Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
      Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"),
      Pattern.compile("\\bAKCp[0-9A-Za-z]{60,}"),
      Pattern.compile("_auth(?:Token)?\\s*=\\s*[^\\s$]"),
      Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

  private SecretRule() {}

  /** What {@code name} says about its value. */
  public static NameKind name(String name) {
    List<String> words = words(name);
    if (words.isEmpty() || DESCRIBES.contains(words.get(words.size() - 1)) || name.equals("GOPRIVATE")) {
      return NameKind.NONE;
    }
    NameKind kind = NameKind.NONE;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String prev = i > 0 ? words.get(i - 1) : "";
      if (SECRET_WORDS.contains(w) || SECRET_PAIRS.contains(prev + " " + w)) {
        return NameKind.SECRET;
      }
      boolean key = w.equals("KEY") || w.equals("KEYS");
      if (key && (PUBLIC.contains(prev) || words.contains("PUBLIC") || words.contains("PUB"))) {
        continue; // GPG_KEYS, PUBLIC_KEY: key ids and public keys are published on purpose
      }
      if (SUGGEST_WORDS.contains(w)) {
        kind = NameKind.SUGGESTS;
      }
    }
    return kind;
  }

  /** Whether {@code name} suggests or says it holds a secret. */
  public static boolean secretName(String name) {
    return name(name) != NameKind.NONE;
  }

  /**
   * The tier of a variable declaration: {@code value} empty when none is given ({@code ARG NAME}).
   * A value that refers to a secret-named variable ({@code "Bearer ${NPM_TOKEN}"}) copies that
   * secret: an error when {@code persisted} (ENV, LABEL: stored in the image config), else a warning.
   */
  public static Verdict variable(String name, Optional<String> value, boolean persisted) {
    NameKind kind = name(name);
    String v = value.orElse("");
    Optional<String> bad = value(v);
    if (bad.isPresent()) {
      return new Verdict(Tier.ERROR, "the value " + bad.get());
    }
    Optional<String> ref = secretReference(v);
    if (ref.isPresent()) {
      return new Verdict(persisted ? Tier.ERROR : Tier.WARNING, "the value " + ref.get());
    }
    if (kind == NameKind.NONE) {
      return Verdict.NONE;
    }
    boolean literal = !Placeholders.isPlaceholder(v) && !looksLikePath(v);
    if (kind == NameKind.SECRET && literal) {
      return new Verdict(Tier.ERROR, "the name says it holds a secret and it is given a value");
    }
    return new Verdict(Tier.WARNING, literal ? "the name suggests a secret and it is given a value"
        : "the name looks like a secret");
  }

  /** Why a value is a secret whatever its name (a token format, a private key, a URL with credentials). */
  public static Optional<String> value(String value) {
    Optional<String> url = urlCredentials(value);
    if (url.isPresent()) {
      return url;
    }
    return knownToken(value) ? Optional.of("holds what looks like a token, password or private key")
        : Optional.empty();
  }

  /** Whether the text holds a well-known token format or a private key block. */
  public static boolean knownToken(String value) {
    for (Pattern p : TOKENS) {
      if (p.matcher(value).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text uses a variable whose name says it holds a secret ({@code $NPM_TOKEN}). */
  public static Optional<String> secretReference(String value) {
    Matcher v = VARIABLE.matcher(value);
    while (v.find()) {
      if (name(v.group(1)) == NameKind.SECRET) {
        return Optional.of("uses the secret-named variable " + v.group(1));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the text holds a URL with credentials: a user and password, or any user-info on
   * http(s)/ftp (a token as the user name). {@code ssh://git@host} is not one. A variable
   * ({@code https://u:${PASS}@h}) counts: ADD and ENV expand it into what the image records.
   */
  public static Optional<String> urlCredentials(String text) {
    Matcher m = URL_USERINFO.matcher(text);
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (m.group(2).contains(":") || scheme.contains("http") || scheme.contains("ftp")) {
        return Optional.of("holds a URL with credentials (" + scheme + "://…@)");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a value could be a secret value at all, for places that hold a name or a path when
   * used right (a manifest's {@code env:}, a helper's argument): a known token format, or 32+
   * characters mixing lower case, upper case and digits that are not a path. Paths
   * ({@code /Users/JaneDoe2/bin/git-credential-osxkeychain}, {@code ./x}, {@code ~/x},
   * {@code C:\x}) are never secret values here.
   */
  public static boolean looksLikeSecretValue(String s) {
    if (knownToken(s) || urlCredentials(s).isPresent()) {
      return true;
    }
    if (looksLikePath(s)) {
      return false;
    }
    return s.length() >= 32
        && s.chars().anyMatch(Character::isLowerCase)
        && s.chars().anyMatch(Character::isUpperCase)
        && s.chars().anyMatch(Character::isDigit);
  }

  /** A file system path: absolute, home- or dot-relative, a Windows drive path, or slash-separated words. */
  public static boolean looksLikePath(String v) {
    String s = v.strip();
    if (s.isEmpty() || s.contains("://")) {
      return false;
    }
    if (s.startsWith("/") || s.startsWith("~/") || s.startsWith("./") || s.startsWith("../")
        || s.matches("[A-Za-z]:[\\\\/].*") || s.startsWith("\\\\")) {
      return true;
    }
    return s.matches("[\\w.@+-]+(?:/[\\w.@+-]+)+/?") && s.chars().filter(c -> c == '/').count() >= 2;
  }

  /** {@code npmAuthToken} / {@code NPM_AUTH-TOKEN} → NPM, AUTH, TOKEN. */
  public static List<String> words(String name) {
    String split = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : split.split("[^A-Z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
