package dev.airlock.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The rules for a {@code git.url}. http(s) URLs pass {@link UrlPolicy} (https, or http to loopback;
 * no user-info at all, since JGit would print a user name that is really a token) and take no
 * query. SSH URLs may name a login user but never a password; a host or path starting with
 * {@code -} is refused (it would be read as an ssh option by some clients), and so is a user name
 * shaped like a token ({@link #tokenShaped}). Local paths,
 * {@code file://}, {@code git://} and {@code git+https://} are refused. Problems never repeat the
 * URL.
 */
public final class GitUrlPolicy {
  static final String FORMS = "must be https://HOST/PATH, ssh://[USER@]HOST[:PORT]/PATH or USER@HOST:PATH";
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
  private static final Pattern USERINFO_WITH_PASSWORD = Pattern.compile("[A-Za-z0-9+.-]+://[^/@]*:[^/]*@.*");
  /** {@code user:password@host:path}, which an scp-style reader would take as host {@code user}. */
  private static final Pattern SCP_WITH_PASSWORD = Pattern.compile("[^/@:]*:[^/@]*@[^@/:]+:.*", Pattern.DOTALL);
  /** {@code [user@]host:path}, the host a name or a bracketed IPv6 literal. */
  private static final Pattern SCP = Pattern.compile("(?:([^@/:]*)@)?([^@/:\\[\\]]+|\\[[^\\]/]*]):(.*)", Pattern.DOTALL);
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern TOKEN_PREFIX = Pattern.compile(
      "(?:gh[pousr]_|github_pat_|glpat-|gldt-|npm_|pypi-|xox[abprs]-|AKIA|ASIA|AIza|sk-|hf_)");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");

  /** The outcome: the URL when there are no problems. */
  public record Result(Optional<GitUrl> url, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private GitUrlPolicy() {}

  public static Result check(String raw) {
    if (raw.isEmpty()) {
      return rejected("must not be empty");
    }
    if (raw.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return rejected("must not contain spaces or control characters");
    }
    if (raw.indexOf('\\') >= 0) {
      return rejected("backslashes are not allowed in URLs (parsers disagree on where the host ends)");
    }
    List<String> problems = new ArrayList<>();
    if (USERINFO_WITH_PASSWORD.matcher(raw).matches() || SCP_WITH_PASSWORD.matcher(raw).matches()) {
      problems.add(UrlPolicy.NO_USERINFO);
    }
    Matcher scheme = SCHEME.matcher(raw);
    if (scheme.matches()) {
      String s = scheme.group(1).toLowerCase(Locale.ROOT);
      return switch (s) {
        case "https", "http" -> http(raw, problems);
        case "ssh" -> ssh(raw, problems);
        case "git+https", "git+http", "git+ssh", "ssh+git" -> add(problems,
            "write the URL without '" + scheme.group(1) + "://': use https:// or ssh://");
        case "git" -> add(problems, "git:// is unauthenticated plain text; use https:// or ssh://");
        case "file" -> add(problems, "local repositories are not supported; " + FORMS);
        default -> add(problems, "unsupported scheme " + Problems.quote(scheme.group(1)) + "; " + FORMS);
      };
    }
    return scp(raw, problems);
  }

  private static Result http(String raw, List<String> problems) {
    if (raw.indexOf('@') >= 0) { // user-info, or a path that parsers could read as user-info
      return add(problems, UrlPolicy.NO_USERINFO);
    }
    UrlPolicy.Result r = UrlPolicy.check(raw);
    for (String p : r.problems()) { // (user-info was refused above, so these never repeat it)
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    if (r.url().isEmpty() || !problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    HttpUrl url = r.url().get();
    if (url.query() != null) {
      return add(problems, "a git URL takes no query (?…)");
    }
    if (url.encodedPath().equals("/")) {
      return add(problems, "must name a repository (a path after the host)");
    }
    int port = url.port() == HttpUrl.defaultPort(url.scheme()) ? GitUrl.DEFAULT_PORT : url.port();
    GitUrl.Scheme s = url.isHttps() ? GitUrl.Scheme.HTTPS : GitUrl.Scheme.HTTP;
    return new Result(Optional.of(new GitUrl(s, Optional.empty(), url.host(), port, url.encodedPath())), problems);
  }

  private static Result ssh(String raw, List<String> problems) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      return add(problems, "not a valid ssh:// URL"); // e's message repeats the input
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return add(problems, "an ssh URL takes no query or fragment");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return add(problems, "must name a host: ssh://[USER@]HOST[:PORT]/PATH");
    }
    String user = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.substring(0, at);
      authority = authority.substring(at + 1);
    }
    String host;
    int port = GitUrl.DEFAULT_PORT;
    Matcher m = Pattern.compile("(\\[[^\\]]*]|[^:\\[\\]]*)(?::([0-9]{1,5}))?").matcher(authority);
    if (!m.matches()) {
      return add(problems, "not a valid host or port");
    }
    host = m.group(1);
    if (m.group(2) != null) {
      port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        return add(problems, "port must be 1-65535");
      }
    }
    return parts(GitUrl.Scheme.SSH, user, host, port, uri.getRawPath(), problems);
  }

  private static Result scp(String raw, List<String> problems) {
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    Matcher m = SCP.matcher(raw);
    if (!m.matches() || raw.startsWith("/") || raw.startsWith(".")) {
      return add(problems, FORMS);
    }
    return parts(GitUrl.Scheme.SCP, m.group(1), m.group(2), GitUrl.DEFAULT_PORT, m.group(3), problems);
  }

  private static Result parts(GitUrl.Scheme scheme, String user, String rawHost, int port, String path,
      List<String> problems) {
    if (user != null && user.indexOf(':') >= 0) {
      if (!problems.contains(UrlPolicy.NO_USERINFO)) {
        problems.add(UrlPolicy.NO_USERINFO);
      }
      return new Result(Optional.empty(), problems);
    }
    if (user != null && !USER.matcher(user).matches()) {
      problems.add(user.startsWith("-") ? "the user name must not start with '-'"
          : "the user name may use only letters, digits, '.', '_' and '-'");
    }
    if (user != null && USER.matcher(user).matches() && tokenShaped(user)) {
      problems.add("the user name looks like a token; ssh logs in with a key as a login name such as 'git' "
          + "(give tokens as a credentials entry, never in the URL)");
    }
    String host = rawHost;
    if (host.startsWith("-")) {
      problems.add("the host must not start with '-' (it would be read as an ssh option)");
    } else if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
        problems.add("not a valid IPv6 address in [ ]");
      }
    } else if (!HOST_NAME.matcher(host).matches()) {
      problems.add(host.isEmpty() ? "must name a host" : "not a valid host name (write international names in punycode)");
    }
    if (path == null || path.isEmpty() || path.equals("/")) {
      problems.add("must name a repository (a path after the host)");
    } else if (path.startsWith("-")) {
      problems.add("the path must not start with '-'");
    } else if (path.indexOf('\'') >= 0 || path.indexOf('%') >= 0 || path.indexOf('!') >= 0) {
      problems.add("the path must not contain quotes, '%' or '!'");
    } else if (scheme == GitUrl.Scheme.SSH && !path.startsWith("/")) {
      problems.add("not a valid ssh:// URL");
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    return new Result(Optional.of(new GitUrl(scheme, Optional.ofNullable(user),
        host.toLowerCase(Locale.ROOT), port, path)), problems);
  }

  /**
   * An SSH login name is a short word; a user part like {@code ghp_…@host:repo.git} is a token pasted
   * into the URL, which would show up in errors, {@code --json} and the lock. Known token prefixes,
   * anything over 32 characters, and 20 or more characters mixing letters and digits are refused.
   */
  static boolean tokenShaped(String user) {
    boolean digits = user.chars().anyMatch(Character::isDigit);
    boolean letters = user.chars().anyMatch(Character::isLetter);
    return user.length() > 32 || TOKEN_PREFIX.matcher(user).lookingAt() || (user.length() >= 20 && digits && letters);
  }

  private static Result add(List<String> problems, String problem) {
    problems.add(problem);
    return new Result(Optional.empty(), problems);
  }

  private static Result rejected(String problem) {
    return new Result(Optional.empty(), List.of(problem));
  }
}
