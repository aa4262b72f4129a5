package dev.airlock.manifest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code maven: { repository, artifact }}. */
final class MavenSourceParser {
  private static final String PART = "[A-Za-z0-9_][A-Za-z0-9_.-]*";
  private static final Pattern ARTIFACT = Pattern.compile(
      "(" + PART + "):(" + PART + "):(" + PART + ")(?::(" + PART + "))?(?:@([A-Za-z0-9][A-Za-z0-9.]*))?");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private MavenSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("repository", "artifact"), ADVICE);
    m.require("repository");
    m.require("artifact");
    Optional<String> repo = m.value("repository").flatMap(n -> YamlValues.httpUrl(n, m.path("repository"), ctx));
    Optional<Matcher> artifact = m.string("artifact").map(ARTIFACT::matcher).filter(Matcher::matches);
    if (m.has("artifact") && m.string("artifact").isPresent() && artifact.isEmpty()) {
      ctx.error(m.value("artifact").orElseThrow(), m.path("artifact"),
          "must be GROUP:ARTIFACT:VERSION[:CLASSIFIER][@EXTENSION] (e.g. com.corp:commons:2.3.0)");
    }
    Optional<Matcher> valid = artifact.filter(a -> safe(a, m, ctx));
    if (repo.isEmpty() || valid.isEmpty()) {
      return Optional.empty();
    }
    Matcher a = valid.get();
    return Optional.of(new MavenSource(common.name(), common.credentials(), common.dest(), repo.get(),
        a.group(1), a.group(2), a.group(3), Optional.ofNullable(a.group(4)),
        a.group(5) == null ? "jar" : a.group(5)));
  }

  /** No {@code ..} anywhere (the parts become path segments); ranges and LATEST are not pins. */
  private static boolean safe(Matcher a, YamlMap m, ParseContext ctx) {
    for (int g = 1; g <= 5; g++) {
      String part = a.group(g);
      if (part != null && (part.contains("..") || part.endsWith("."))) {
        ctx.error(m.value("artifact").orElseThrow(), m.path("artifact"), "parts must not contain '..' or end with '.'");
        return false;
      }
    }
    String v = a.group(3);
    if (v.equals("LATEST") || v.equals("RELEASE")) {
      ctx.error(m.value("artifact").orElseThrow(), m.path("artifact"),
          "the version must be exact (LATEST and RELEASE move); -SNAPSHOT is pinned in fetch.lock");
      return false;
    }
    return true;
  }
}
