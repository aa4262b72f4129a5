package dev.airlock.net;

import okhttp3.HttpUrl;

/** URL forms that are safe to print or store: no user-info, no query, no fragment. */
public final class Urls {
  private Urls() {}

  public static String redact(HttpUrl url) {
    HttpUrl.Builder b = url.newBuilder().username("").password("").query(null).fragment(null);
    String s = b.build().toString();
    return url.query() != null ? s + "?…" : s;
  }

  /** The last non-empty path segment, or {@code fallback}. */
  public static String fileName(HttpUrl url, String fallback) {
    var segs = url.pathSegments();
    for (int i = segs.size() - 1; i >= 0; i--) {
      String s = segs.get(i);
      if (!s.isEmpty()) {
        return s;
      }
    }
    return fallback;
  }
}
