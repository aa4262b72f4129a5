package dev.airlock.fetch;

import dev.airlock.common.Origin;
import dev.airlock.credentials.RequestAuth;
import dev.airlock.credentials.Secret;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Credentials for a source that reaches files through links (an index page, a packument, a
 * repository): requests to the source URL's own origin get what the source's credential gives.
 * Any other origin is treated like a redirect target: a token or basic credential (bound to the
 * source's origin) gives nothing there, a netrc or npmrc credential gives that host's own entry,
 * and a netrc {@code default} entry is never used there.
 */
public final class LinkedAuth implements RequestAuth {
  private final RequestAuth base;
  private final Origin origin;

  private LinkedAuth(RequestAuth base, Origin origin) {
    this.base = base;
    this.origin = origin;
  }

  public static RequestAuth of(RequestAuth base, HttpUrl sourceUrl) {
    return new LinkedAuth(base, Origin.of(sourceUrl));
  }

  @Override
  public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
    return base.headersFor(url, firstHop && Origin.of(url).equals(origin));
  }

  @Override
  public boolean configured() {
    return base.configured();
  }

  @Override
  public String describe() {
    return base.describe();
  }

  @Override
  public String describe(HttpUrl url) {
    return base.describe(url);
  }
}
