package dev.airlock.fetch;

import dev.airlock.common.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The hosts a closure's files may be downloaded from: the origins of the source's own URLs
 * (registry, index, repositories) and the manifest's {@code hosts:} entries ({@code HOST}, which
 * means that host on the URL scheme's default port, or {@code HOST:PORT}). A file elsewhere is an
 * error, never a silent download.
 */
public final class AllowedHosts {
  private final List<Origin> origins;
  private final List<String> hosts;

  private AllowedHosts(List<Origin> origins, List<String> hosts) {
    this.origins = List.copyOf(origins);
    this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  public static AllowedHosts of(List<HttpUrl> sourceUrls, List<String> hosts) {
    List<Origin> o = new ArrayList<>();
    sourceUrls.forEach(u -> o.add(Origin.of(u)));
    return new AllowedHosts(o, hosts);
  }

  public boolean allows(HttpUrl url) {
    Origin o = Origin.of(url);
    if (origins.stream().anyMatch(x -> x.host().equals(o.host()) && x.port() == o.port())) {
      return true;
    }
    String host = o.host().contains(":") ? "[" + o.host() + "]" : o.host();
    return hosts.contains(host + ":" + o.port())
        || (url.port() == HttpUrl.defaultPort(url.scheme()) && hosts.contains(host));
  }

  /** What the error names as allowed: the origins, then the hosts entries. */
  public String describe() {
    List<String> all = new ArrayList<>();
    origins.forEach(o -> all.add(o.toString()));
    all.addAll(hosts);
    return all.isEmpty() ? "none" : String.join(", ", all);
  }

  /** The {@code https://HOST[:PORT]/} URL of the first {@code hosts:} entry, if any. */
  public static Optional<HttpUrl> firstHostUrl(List<String> hosts) {
    return hosts.stream().findFirst().map(h -> HttpUrl.parse("https://" + h + "/"));
  }
}
