package dev.airlock.credentials;

import dev.airlock.common.Origin;
import java.util.Map;
import okhttp3.HttpUrl;

/** Fixed headers (a token, a Basic pair) sent only to the one origin they were configured for. */
final class OriginAuth implements RequestAuth {
  private final String id;
  private final String kind;
  private final Origin origin;
  private final Map<String, Secret> headers;

  OriginAuth(String id, String kind, Origin origin, Map<String, Secret> headers) {
    this.id = id;
    this.kind = kind;
    this.origin = origin;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
    return Origin.of(url).equals(origin) ? headers : Map.of();
  }

  @Override
  public java.util.Set<String> headerNames() {
    return headers.keySet();
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public String describe() {
    return id + " (" + kind + " for " + origin + ")";
  }
}
