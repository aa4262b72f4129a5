package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code sources:} list. Each entry has a name, optional credentials and dest, and exactly
 * one kind key; the kind's own block is handed to the parser registered for it.
 */
final class SourcesParser {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  /** Every kind the manifest format knows, in the order messages list them. */
  static final List<String> KINDS = List.of("http", "git", "pypi", "maven", "npm");

  /** What every kind shares, read before the kind's block. */
  record Common(String name, CredentialRef credentials, Optional<String> dest) {}

  /** Parses one kind's block (e.g. {@code http: {...}}); reports and returns empty when invalid. */
  @FunctionalInterface
  interface KindParser {
    Optional<SourceSpec> parse(Common common, YamlMap body, ParseContext ctx);
  }

  /** The kinds this version can fetch: adding one is an entry here plus its parser. */
  private static final Map<String, KindParser> SUPPORTED = Map.of(
      "http", HttpSourceParser::parse,
      "git", GitSourceParser::parse,
      "pypi", PypiSourceParser::parse,
      "maven", MavenSourceParser::parse,
      "npm", NpmSourceParser::parse);

  private static final String ADVICE =
      "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";

  private final ParseContext ctx;
  private final Set<String> credentialIds;
  private final Map<String, Node> firstByName = new HashMap<>();

  private SourcesParser(ParseContext ctx, Set<String> credentialIds) {
    this.ctx = ctx;
    this.credentialIds = credentialIds;
  }

  static List<SourceSpec> parse(List<Node> items, String path, Set<String> credentialIds, ParseContext ctx) {
    SourcesParser p = new SourcesParser(ctx, credentialIds);
    List<SourceSpec> sources = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap.of(items.get(i), YamlValues.index(path, i), ctx).flatMap(p::source).ifPresent(sources::add);
    }
    return sources;
  }

  private Optional<SourceSpec> source(YamlMap m) {
    m.allowOnly(Stream.concat(Stream.of("name", "credentials", "dest"), KINDS.stream()).toList(), ADVICE);
    m.require("name");
    Optional<String> name = m.string("name").filter(n -> validName(n, m.value("name").orElseThrow(), m));
    Optional<CredentialRef> credentials = credentials(m);
    Optional<String> dest = m.imagePath("dest");
    List<String> present = KINDS.stream().filter(m::has).toList();
    if (present.isEmpty()) {
      ctx.error(m.mark(), m.path(), "needs one of: " + String.join(", ", KINDS));
      return Optional.empty();
    }
    for (String extra : present.subList(1, present.size())) {
      ctx.error(m.keyNode(extra), m.path(extra), "only one source kind per entry ('" + present.get(0)
          + "' is at line " + (m.keyNode(present.get(0)).getStartMark().getLine() + 1) + ")");
    }
    String kind = present.get(0);
    KindParser parser = SUPPORTED.get(kind);
    if (parser == null) {
      ctx.error(m.keyNode(kind), m.path(kind),
          "source kind '" + kind + "' is not supported by this version of airlock");
      return Optional.empty();
    }
    Optional<YamlMap> body = m.map(kind);
    if (name.isEmpty() || credentials.isEmpty() || body.isEmpty()) {
      body.ifPresent(b -> parser.parse(new Common("?", CredentialRef.DEFAULT, dest), b, ctx));
      return Optional.empty(); // the block is still checked, so all its errors show at once
    }
    return parser.parse(new Common(name.get(), credentials.get(), dest), body.get(), ctx);
  }

  private boolean validName(String name, Node node, YamlMap m) {
    if (!NAME.matcher(name).matches()) {
      ctx.error(node, m.path("name"), "must match [a-z0-9][a-z0-9._-]*");
      return false;
    }
    Node first = firstByName.putIfAbsent(name, node);
    if (first != null) {
      ctx.error(node, m.path("name"), "duplicate source name " + Problems.quote(name)
          + " (first at line " + (first.getStartMark().getLine() + 1) + ")");
      return false;
    }
    return true;
  }

  /** Absent: the netrc entry for the host; {@code none}; or a declared id (never echoed). */
  private Optional<CredentialRef> credentials(YamlMap m) {
    if (!m.has("credentials")) {
      return Optional.of(CredentialRef.DEFAULT);
    }
    Optional<String> value = m.string("credentials");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().equals("none")) {
      return Optional.of(CredentialRef.NONE);
    }
    if (credentialIds.contains(value.get())) {
      return Optional.of(CredentialRef.named(value.get()));
    }
    String hint = Suggest.closest(value.get(), credentialIds)
        .map(s -> "did you mean '" + s + "'?")
        .orElse(credentialIds.isEmpty()
            ? "the manifest defines no credentials"
            : "defined: " + String.join(", ", credentialIds) + ", or none");
    ctx.error(m.value("credentials").orElseThrow(), m.path("credentials"),
        "unknown credentials entry; " + hint);
    return Optional.empty();
  }
}
