package dev.airlock.manifest;

import dev.airlock.common.Origin;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The rules every http(s) URL in a manifest must pass (http sources now; pypi indexes, maven
 * repositories and npm registries later). A URL is accepted only when {@link URI} and OkHttp's
 * {@link HttpUrl} read the same scheme, host and port from it (SECURITY case 11), it is https
 * (http only to loopback: case 64), and it carries no credential: no user-info (case 31), no
 * credential-like query parameter (case 36), no fragment. Problems never repeat the URL, its
 * user-info or a parameter's value; they may name a parameter.
 */
public final class UrlPolicy {
  /** Query parameter names (lower case) that carry a credential in common services. */
  static final Set<String> CREDENTIAL_PARAMETERS = Set.of(
      "token", "access_token", "private_token", "api_key", "apikey", "key", "password", "passwd",
      "pwd", "secret", "sig", "signature", "auth", "x-amz-signature", "x-amz-credential",
      "x-goog-signature", "code");

  /** Fragments that make any parameter name credential-like (compared without - and _). */
  /** A name worth echoing: short words, no digits (a name with a token in it is not repeated). */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z]{1,12}(?:[-_.][A-Za-z]{1,12}){0,3}");

  private static final List<String> CREDENTIAL_WORDS =
      List.of("token", "password", "secret", "signature", "apikey", "credential");


  public static final String MUST_BE_HTTPS = "must be https (or http to a loopback host)";
  public static final String NO_ENCODED_CONTROL = "the path must not hold a percent-encoded control character "
      + "(%00-%1F, %7F): a credential helper or a log would read it as a line break";
  public static final String NO_USERINFO =
      "credentials in URLs are not allowed; use a credentials entry";

  /** The outcome: the parsed URL when there are no problems. */
  public record Result(Optional<HttpUrl> url, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private UrlPolicy() {}

  public static Result check(String raw) {
    List<String> problems = new ArrayList<>();
    if (raw.isEmpty()) {
      return rejected("must not be empty");
    }
    if (raw.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return rejected("must not contain spaces or control characters");
    }
    if (raw.indexOf('\\') >= 0) {
      return rejected("backslashes are not allowed in URLs (parsers disagree on where the host ends)");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      return rejected("not a valid URL"); // e's message repeats the input: not used
    }
    if (uri.getScheme() == null || uri.isOpaque() || uri.getRawAuthority() == null) {
      return rejected("must be an absolute URL such as https://host/path");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return rejected(MUST_BE_HTTPS);
    }
    if (uri.getRawAuthority().indexOf('@') >= 0) {
      problems.add(NO_USERINFO);
    }
    checkAtSigns(uri, problems);
    if (uri.getRawFragment() != null) {
      problems.add("fragments (#…) are not allowed");
    }
    if (uri.getHost() == null) {
      problems.add("does not have a valid host name (write international names in punycode)");
      return new Result(Optional.empty(), problems);
    }
    HttpUrl url = HttpUrl.parse(raw);
    if (url == null) {
      problems.add("not a valid URL (check the host and port)");
      return new Result(Optional.empty(), problems);
    }
    if (!sameOrigin(uri, url)) {
      problems.add("ambiguous URL: parsers disagree on its scheme, host or port");
      return new Result(Optional.empty(), problems);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      if (!problems.contains(NO_USERINFO)) {
        problems.add(NO_USERINFO);
      }
    }
    if (scheme.equals("http") && !isLoopback(url.host())) {
      problems.add(MUST_BE_HTTPS);
    }
    if (url.pathSegments().stream().anyMatch(seg -> seg.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      problems.add(NO_ENCODED_CONTROL); // e.g. %0d: a helper that reads universal newlines (CVE-2024-50338)
    }
    checkQuery(uri.getRawQuery(), problems);
    return new Result(problems.isEmpty() ? Optional.of(url) : Optional.empty(), problems);
  }

  /** {@code localhost}, 127.0.0.0/8 or ::1, as OkHttp canonicalises the host. */
  public static boolean isLoopback(String host) {
    return Origin.isLoopbackHost(host);
  }

  /** True when a query parameter of that name would carry a credential. */
  public static boolean isCredentialParameter(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    String squashed = n.replace("-", "").replace("_", "");
    return CREDENTIAL_PARAMETERS.contains(n) || CREDENTIAL_WORDS.stream().anyMatch(squashed::contains);
  }

  private static Result rejected(String problem) {
    return new Result(Optional.empty(), List.of(problem));
  }

  /** An '@' is unambiguous only in the path (npm scopes); in a query or fragment it is refused. */
  private static void checkAtSigns(URI uri, List<String> problems) {
    String q = uri.getRawQuery();
    String f = uri.getRawFragment();
    if ((q != null && q.indexOf('@') >= 0) || (f != null && f.indexOf('@') >= 0)) {
      problems.add("'@' is allowed only in the path (elsewhere parsers disagree on the host)");
    }
  }

  /** Whether both parsers read the same scheme, host and port (IP literals compared as addresses). */
  static boolean sameOrigin(URI uri, HttpUrl url) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int uriPort = uri.getPort() != -1 ? uri.getPort() : HttpUrl.defaultPort(scheme);
    return scheme.equals(url.scheme()) && uriPort == url.port() && sameHost(uri.getHost(), url.host());
  }

  private static boolean sameHost(String uriHost, String okHost) {
    String u = uriHost.toLowerCase(Locale.ROOT);
    boolean uriLiteral = u.startsWith("[");
    boolean okLiteral = okHost.contains(":") || okHost.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (!uriLiteral) {
      return u.equals(okHost);
    }
    if (!okLiteral) {
      return false;
    }
    try { // both are IP literals here: no name lookup happens
      return InetAddress.getByName(u).equals(InetAddress.getByName(okHost));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void checkQuery(String rawQuery, List<String> problems) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("[&;]")) {
      String rawName = pair.split("=", 2)[0];
      String name;
      try {
        name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        name = rawName;
      }
      if (isCredentialParameter(name)) {
        problems.add(PLAIN_NAME.matcher(name).matches()
            ? "query parameter " + Problems.quote(name) + " looks like a credential; use a credentials entry instead"
            : "a query parameter looks like a credential (its name is not shown: it may contain one); "
                + "use a credentials entry instead");
      }
    }
  }
}
