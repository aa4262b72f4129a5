package dev.airlock.manifest;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.yaml.snakeyaml.nodes.Node;

/** {@code cache: { remote: URL, credentials: ID, write: true|false }}. */
final class RemoteCacheParser {
  private RemoteCacheParser() {}

  static Optional<RemoteCacheSpec> parse(YamlMap m, Set<String> credentialIds, ParseContext ctx) {
    m.allowOnly(List.of("remote", "credentials", "write"),
        "put the secret in a credentials entry (e.g. basic: { username: ci, passwordEnv: VAR }) and name it"
            + " in cache.credentials");
    boolean present = m.require("remote");
    Optional<HttpUrl> url = present ? m.string("remote").flatMap(raw -> url(raw, m, ctx)) : Optional.empty();
    Optional<String> credentials = Optional.empty();
    boolean credentialsOk = true;
    if (m.has("credentials")) {
      credentials = m.string("credentials");
      credentialsOk = credentials.isPresent();
      if (credentials.isPresent() && !credentialIds.contains(credentials.get())) {
        ctx.error(m.value("credentials").orElseThrow(), m.path("credentials"), "unknown credentials entry; "
            + (credentialIds.isEmpty() ? "the manifest defines no credentials"
                : "defined: " + String.join(", ", credentialIds)));
        credentialsOk = false;
      }
    }
    Optional<Boolean> write = m.has("write") ? m.bool("write") : Optional.of(false);
    if (url.isEmpty() || !credentialsOk || write.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RemoteCacheSpec(url.get(), credentials, write.get()));
  }

  private static Optional<HttpUrl> url(String raw, YamlMap m, ParseContext ctx) {
    List<String> problems = RemoteCacheSpec.problems(raw);
    if (!problems.isEmpty()) {
      Node at = m.value("remote").orElseThrow();
      ctx.error(at, m.path("remote"), String.join("; ", problems));
      return Optional.empty();
    }
    return Optional.of(HttpUrl.get(raw));
  }
}
