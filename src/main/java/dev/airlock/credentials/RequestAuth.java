package dev.airlock.credentials;

import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Decides, for each request (each redirect hop separately), which credential headers go with it.
 * Implementations are origin-scoped: a hop to another origin gets none.
 */
public interface RequestAuth {
  /**
   * Headers to add to a request for {@code url}. {@code firstHop} is false after a redirect, so a
   * netrc {@code default} entry is never used for a redirect target.
   */
  Map<String, Secret> headersFor(HttpUrl url, boolean firstHop);

  /** Whether this source is configured to use credentials at all (then downgrades to http are refused). */
  boolean configured();

  /** For messages: the credential id and kind, never a value. */
  String describe();

  /**
   * For the log line of one request: which entry of the credential's file answered for {@code url}
   * (e.g. the npmrc key), never a value. By default the same as {@link #describe()}.
   */
  default String describe(HttpUrl url) {
    return describe();
  }

  /**
   * The names of the headers this auth may send, so the transport can strip them from a hop it did
   * not authorise even when something else put them there. {@code Authorization} need not be named.
   */
  default java.util.Set<String> headerNames() {
    return java.util.Set.of();
  }

  RequestAuth NONE = new RequestAuth() {
    @Override
    public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
      return Map.of();
    }

    @Override
    public boolean configured() {
      return false;
    }

    @Override
    public String describe() {
      return "none";
    }
  };
}
