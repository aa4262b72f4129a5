package dev.airlock.credentials;

import dev.airlock.common.Origin;
import dev.airlock.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * The auth an npmrc gives each request, looked up per hop from the request's own URL as npm does
 * ({@link Npmrc#match}); a URL without a key of its own but on the registry's host and port gets the
 * registry's auth (npm's fallback for tarballs stored under another path). A value is therefore
 * only ever sent to the host and port its key names, never to another host after a redirect, and
 * over plain http only to loopback.
 */
final class NpmrcAuth implements RequestAuth {
  private final String id;
  private final Npmrc npmrc;
  private final HttpUrl registryUrl;
  private final SecretRegistry registry;
  private final Map<String, Map<String, Secret>> headersByKey = new ConcurrentHashMap<>();

  NpmrcAuth(String id, Npmrc npmrc, HttpUrl registryUrl, SecretRegistry registry) {
    this.id = id;
    this.npmrc = npmrc;
    this.registryUrl = registryUrl;
    this.registry = registry;
  }

  /** npm-registry-fetch's {@code getAuth}: the URL's own key, else the registry's on the same host. */
  Optional<Npmrc.Match> matchFor(HttpUrl url) {
    if (!url.isHttps() && !Origin.of(url).isLoopback()) {
      return Optional.empty();
    }
    return npmrc.match(url).or(() -> Npmrc.hostKey(url).equals(Npmrc.hostKey(registryUrl))
        && url.scheme().equals(registryUrl.scheme()) ? npmrc.match(registryUrl) : Optional.empty());
  }

  @Override
  public Map<String, Secret> headersFor(HttpUrl url, boolean firstHop) {
    return matchFor(url).map(m -> headersByKey.computeIfAbsent(m.regKey(), k -> headers(m))).orElse(Map.of());
  }

  private Map<String, Secret> headers(Npmrc.Match m) {
    String k = m.regKey();
    switch (m.authKey()) {
      case "_authToken" -> {
        Npmrc.Value token = value(k + ":_authToken");
        CredentialFile.requireHeaderSafe(token.text(), where(token));
        registry.register(token.text());
        return Map.of("Authorization", registry.register("Bearer " + token.text()));
      }
      case "_auth" -> {
        Npmrc.Value auth = value(k + ":_auth");
        CredentialFile.requireHeaderSafe(auth.text(), where(auth));
        registry.register(auth.text());
        authPair(auth.text()).registerWith(registry);
        return Map.of("Authorization", registry.register("Basic " + auth.text()));
      }
      case "username" -> {
        Npmrc.Value user = value(k + ":username");
        Secret password = decodedPassword(value(k + ":_password"));
        registry.registerBasic(user.text(), password);
        return Map.of("Authorization", CredentialResolver.basicHeader(user.text(), password, registry));
      }
      default -> {
        return Map.of(); // a client certificate (certfile/keyfile): airlock's TLS client cert is tls.clientCert
      }
    }
  }

  private Npmrc.Value value(String key) {
    Npmrc.Value v = npmrc.get(key).orElseThrow();
    if (!v.unset().isEmpty()) {
      throw new UsageException(where(v) + " uses ${" + v.unset().get(0)
          + "}, which is not set in the environment");
    }
    return v;
  }

  private String where(Npmrc.Value v) {
    return "credential '" + id + "': npmrc " + v.where();
  }

  /** npm stores {@code _password} base64-encoded. */
  private Secret decodedPassword(Npmrc.Value v) {
    return registry.register(decodeBase64(v.text()).orElseThrow(() ->
        new UsageException(where(v) + ": _password is not base64 (npm stores it base64-encoded)")));
  }

  /** Every auth value of the files, whether a request uses it or not, for the scrubber and scanner. */
  static List<FileSecret> values(Npmrc npmrc) {
    List<FileSecret> out = new ArrayList<>();
    npmrc.all().forEach((key, v) -> {
      if (!v.unset().isEmpty() || v.text().isEmpty()) {
        return;
      }
      if (key.endsWith(":_authToken")) {
        out.add(new FileSecret(Secret.of(v.text()), Optional.empty()));
      } else if (key.endsWith(":_auth")) {
        out.add(authPair(v.text()));
      } else if (key.endsWith(":_password")) {
        String userKey = key.substring(0, key.length() - ":_password".length()) + ":username";
        Optional<String> user = npmrc.get(userKey).map(Npmrc.Value::text);
        out.add(decodeBase64(v.text()).map(pw -> new FileSecret(Secret.of(pw), user))
            .orElse(new FileSecret(Secret.of(v.text()), Optional.empty())));
      }
    });
    return out;
  }

  /** An {@code _auth} value: its password and user when it decodes to {@code user:password}, else itself. */
  private static FileSecret authPair(String auth) {
    Optional<String> pair = decodeBase64(auth);
    int colon = pair.map(p -> p.indexOf(':')).orElse(-1);
    return colon > 0
        ? new FileSecret(Secret.of(pair.get().substring(colon + 1)), Optional.of(pair.get().substring(0, colon)))
        : new FileSecret(Secret.of(auth), Optional.empty());
  }

  private static Optional<String> decodeBase64(String s) {
    try {
      return Optional.of(new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public String describe() {
    return id + " (npmrc)";
  }

  @Override
  public String describe(HttpUrl url) {
    return matchFor(url).map(m -> id + " (npmrc for " + m.regKey() + ")").orElse(describe());
  }
}
