package dev.airlock.manifest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code npm: { registry, package }}. */
final class NpmSourceParser {
  private static final String PART = "[a-z0-9~-][a-z0-9._~-]*";
  /** npm package names (validate-npm-package-name) and an exact semver 2.0 version. */
  private static final Pattern SPEC = Pattern.compile(
      "((?:@" + PART + "/)?" + PART + ")@"
          + "((?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)"
          + "(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private NpmSourceParser() {}

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("registry", "package"), ADVICE);
    m.require("registry");
    m.require("package");
    Optional<String> registry = m.value("registry").flatMap(n -> YamlValues.httpUrl(n, m.path("registry"), ctx));
    Optional<String> spec = m.string("package");
    Optional<Matcher> pkg = spec.map(SPEC::matcher).filter(Matcher::matches)
        .filter(x -> x.group(1).length() <= 214);
    if (spec.isPresent() && pkg.isEmpty()) {
      ctx.error(m.value("package").orElseThrow(), m.path("package"),
          "must be NAME@VERSION or @SCOPE/NAME@VERSION with an exact version (e.g. \"@corp/ui-kit@3.2.1\"); "
              + "names are lower case");
    }
    if (registry.isEmpty() || pkg.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new NpmSource(common.name(), common.credentials(), common.dest(), registry.get(),
        pkg.get().group(1), pkg.get().group(2)));
  }
}
