package dev.airlock.common;

import java.util.Locale;
import okhttp3.HttpUrl;

/** Scheme, host and port: the unit credentials are scoped to. Hosts are lower-case ASCII (IDNA). */
public record Origin(String scheme, String host, int port) {
  public Origin {
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
  }

  public static Origin of(HttpUrl url) {
    // HttpUrl.host() is already IDNA-normalised (punycode) and lower-case.
    return new Origin(url.scheme(), url.host(), url.port());
  }

  public boolean isLoopback() {
    return isLoopbackHost(host);
  }

  /** {@code localhost}, {@code ::1} or a dotted-quad 127.0.0.0/8 address (not a name like 127.evil.example). */
  public static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static final java.util.regex.Pattern IPV4_LOOPBACK =
      java.util.regex.Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  @Override
  public String toString() {
    boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    String h = host.contains(":") ? "[" + host + "]" : host;
    return scheme + "://" + h + (defaultPort ? "" : ":" + port);
  }
}
