package dev.airlock.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code maven: { repository, artifact }} or {@code maven: { repository | repositories, pom, hosts }}. */
final class MavenSourceParser {
  private static final String PART = "[A-Za-z0-9_][A-Za-z0-9_.-]*";
  private static final Pattern ARTIFACT = Pattern.compile(
      "(" + PART + "):(" + PART + "):(" + PART + ")(?::(" + PART + "))?(?:@([A-Za-z0-9][A-Za-z0-9.]*))?");
  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private MavenSourceParser() {}

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");

  static Optional<SourceSpec> parse(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    if (m.has("pom")) {
      return parsePom(common, m, ctx);
    }
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

  /** The closure form: {@code pom:} with {@code repository:} or {@code repositories:}, optional {@code hosts:}. */
  private static Optional<SourceSpec> parsePom(SourcesParser.Common common, YamlMap m, ParseContext ctx) {
    m.allowOnly(List.of("repository", "repositories", "pom", "hosts", "artifact"), ADVICE);
    if (m.has("artifact")) {
      ctx.error(m.keyNode("artifact"), m.path("artifact"), "give either artifact: or pom:, not both");
    }
    List<String> repos = new ArrayList<>();
    boolean ok = true;
    if (m.has("repository") && m.has("repositories")) {
      ctx.error(m.keyNode("repositories"), m.path("repositories"), "give either repository: or repositories:, not both");
      ok = false;
    } else if (m.has("repositories")) {
      Optional<List<Node>> items = m.list("repositories");
      ok &= items.isPresent();
      if (items.isPresent() && items.get().isEmpty()) {
        ctx.error(m.value("repositories").orElseThrow(), m.path("repositories"), "must list at least one repository URL");
        ok = false;
      }
      for (int i = 0; items.isPresent() && i < items.get().size(); i++) {
        Optional<String> url = YamlValues.httpUrl(items.get().get(i), YamlValues.index(m.path("repositories"), i), ctx);
        ok &= url.isPresent();
        url.ifPresent(repos::add);
      }
    } else if (m.require("repository")) {
      Optional<String> url = m.value("repository").flatMap(n -> YamlValues.httpUrl(n, m.path("repository"), ctx));
      ok &= url.isPresent();
      url.ifPresent(repos::add);
    } else {
      ok = false;
    }
    List<String> hosts = new ArrayList<>();
    if (m.has("hosts")) {
      Optional<List<Node>> items = m.list("hosts");
      ok &= items.isPresent();
      for (int i = 0; items.isPresent() && i < items.get().size(); i++) {
        String path = YamlValues.index(m.path("hosts"), i);
        Optional<String> h = YamlValues.text(items.get().get(i), path, ctx);
        if (h.isPresent() && !HOST.matcher(h.get()).matches()) {
          ctx.error(items.get().get(i), path, "must be HOST or HOST:PORT (no scheme, path or credentials)");
          h = Optional.empty();
        }
        ok &= h.isPresent();
        h.map(v -> v.toLowerCase(Locale.ROOT)).ifPresent(hosts::add);
      }
    }
    Optional<String> asWritten = m.string("pom");
    Optional<Path> pom = m.hostPath("pom");
    Optional<String> digest = Optional.empty();
    List<Path> reactor = List.of();
    if (pom.isPresent()) {
      try {
        digest = Optional.of(PomReactor.digest(pom.get()));
        reactor = PomReactor.poms(pom.get());
      } catch (PomReactor.Unreadable e) {
        ctx.error(m.value("pom").orElseThrow(), m.path("pom"), e.getMessage());
      }
    }
    if (!ok || asWritten.isEmpty() || pom.isEmpty() || digest.isEmpty() || m.has("artifact")) {
      return Optional.empty();
    }
    return Optional.of(new MavenPomSource(common.name(), common.credentials(), common.dest(), repos, asWritten.get(),
        pom.get().toAbsolutePath().normalize(), digest.get(), reactor, hosts));
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
