package dev.airlock.credentials;

import dev.airlock.common.Origin;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Basic auth from the netrc entry of each request's own host, looked up per hop from the same
 * parsed {@link HttpUrl} OkHttp connects to. {@code default} is used only when enabled and never
 * for a redirect target. Plain http gets nothing unless it is loopback.
 */
final class NetrcAuth implements RequestAuth {
  private final String id;
  private final Optional<Netrc> netrc;
  private final boolean allowDefault;
  private final SecretRegistry registry;

  NetrcAuth(String id, Optional<Netrc> netrc, boolean allowDefault, SecretRegistry registry) {
    this.id = id;
    this.netrc = netrc;
    this.allowDefault = allowDefault;
    this.registry = registry;
  }

  @Override
  public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
    if (netrc.isEmpty() || (!url.isHttps() && !Origin.of(url).isLoopback())) {
      return Map.of();
    }
    Optional<String> urlUser = url.username().isEmpty() ? Optional.empty() : Optional.of(url.username());
    return netrc.get().lookup(url.host(), urlUser, allowDefault && firstHop)
        .filter(e -> e.password().isPresent())
        .map(e -> {
          String login = urlUser.orElse(e.login().orElse(""));
          Secret pw = e.password().get();
          registry.registerBasic(login, pw);
          return Map.of("Authorization", CredentialResolver.basicHeader(login, pw, registry));
        })
        .orElse(Map.of());
  }

  @Override
  public boolean configured() {
    // The default netrc lookup is opportunistic: only a named netrc credential counts as configured.
    return !id.equals("netrc");
  }

  @Override
  public String describe() {
    return id + " (netrc)";
  }
}
