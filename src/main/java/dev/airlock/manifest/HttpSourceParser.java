package dev.airlock.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code http: { url, sha256, extract, allowCaseCollisions }}. */
final class HttpSourceParser {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private HttpSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("url", "sha256", "extract", "allowCaseCollisions"), ADVICE);
    m.require("url");
    Optional<String> url = m.value("url").flatMap(n -> YamlValues.httpUrl(n, m.path("url"), ctx));
    Optional<Optional<String>> sha256 = m.has("sha256")
        ? m.string("sha256").flatMap(s -> sha256(s, m.value("sha256").orElseThrow(), m.path("sha256"), ctx))
            .map(Optional::of)
        : Optional.of(Optional.empty());
    Optional<Boolean> extract = m.has("extract") ? m.bool("extract") : Optional.of(false);
    Optional<Boolean> collisions = m.has("allowCaseCollisions") ? m.bool("allowCaseCollisions") : Optional.of(false);
    if (collisions.orElse(false) && !extract.orElse(true)) {
      ctx.error(m.keyNode("allowCaseCollisions"), m.path("allowCaseCollisions"),
          "only with extract: true (a single downloaded file has no paths that could collide)");
      return Optional.empty();
    }
    if (url.isEmpty() || sha256.isEmpty() || extract.isEmpty() || collisions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpSource(common.name(), common.credentials(), common.dest(), url.get(), sha256.get(),
        extract.get(), collisions.get()));
  }

  /** 64 hex digits, optionally after {@code sha256:}; stored as lower-case hex. */
  static Optional<String> sha256(String value, Node node, String path, ParseContext ctx) {
    String hex = value.regionMatches(true, 0, "sha256:", 0, 7) ? value.substring(7) : value;
    if (!SHA256.matcher(hex).matches()) {
      ctx.error(node, path, "must be 64 hex digits, optionally prefixed with sha256:");
      return Optional.empty();
    }
    return Optional.of(hex.toLowerCase(Locale.ROOT));
  }
}
