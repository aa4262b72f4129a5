package dev.airlock.dockerfile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a build variable or a value look like a secret. Names: Docker's own
 * {@code SecretsUsedInArgOrEnv} word list (moby/buildkit, dockerfile2llb) — apikey, auth,
 * credential(s), key, password, pword, passwd, secret, token — plus pat, psw, netrc, npmrc and
 * index_url, each as a whole {@code _}-separated word, case-insensitive; allowed, as Docker does,
 * when a word is public, file or version (so {@code *_FILE}, {@code PUBLIC_*}), and GOPRIVATE.
 * Values: a URL with user-info, a reference to a secret-named variable, a well-known token format
 * or a private key. Reasons never repeat the value.
 */
public final class SecretLike {
  private static final Pattern DENY = Pattern.compile("(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password"
      + "|pword|passwd|secret|token|pat|psw|netrc|npmrc|index_url)(?:_|$)");
  private static final Pattern ALLOW = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");
  private static final List<String> ALLOW_NAMES = List.of("GOPRIVATE");
  private static final Pattern URL_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/\\s@\"']+)@");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final List<Pattern> TOKENS = List.of(
      Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36}"),
      Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,}"),
      Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"),
      Pattern.compile("\\bnpm_[A-Za-z0-9]{36}"),
      Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
      Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
      Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"),
      Pattern.compile("_auth(?:Token)?\\s*="),
      Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

  private SecretLike() {}

  /** Whether an ARG/ENV name looks like it holds a secret. */
  public static boolean name(String name) {
    return DENY.matcher(name).find() && !ALLOW.matcher(name).find() && !ALLOW_NAMES.contains(name);
  }

  /** Why a value looks like a secret, if it does; the reason never includes the value. */
  public static Optional<String> value(String value) {
    Optional<String> url = urlCredentials(value);
    if (url.isPresent()) {
      return url;
    }
    Matcher v = VARIABLE.matcher(value);
    while (v.find()) {
      if (name(v.group(1))) {
        return Optional.of("uses the secret-named variable " + v.group(1));
      }
    }
    for (Pattern p : TOKENS) {
      if (p.matcher(value).find()) {
        return Optional.of("holds what looks like a token, password or private key");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the text holds a URL with credentials: a user and password, or any user-info on
   * http(s)/ftp (a token as the user name). {@code ssh://git@host} is not one.
   */
  public static Optional<String> urlCredentials(String text) {
    Matcher m = URL_USERINFO.matcher(text);
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
      if (m.group(2).contains(":") || scheme.contains("http") || scheme.contains("ftp")) {
        return Optional.of("holds a URL with credentials (" + scheme + "://…@)");
      }
    }
    return Optional.empty();
  }
}
