package dev.airlock.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code hosts: [HOST, HOST:PORT, …]}: the hosts besides the source's own origin that a closure's
 * files may come from. A bare HOST means that host on the URL scheme's default port. Names are
 * lower-cased; no scheme, path, user-info or wildcard.
 */
final class ClosureHosts {
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(?::(?:[1-9][0-9]{0,4}))?");

  private ClosureHosts() {}

  static Optional<List<String>> parse(YamlMap m, ParseContext ctx) {
    Optional<List<Node>> items = m.list("hosts");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      Node n = items.get().get(i);
      String p = YamlValues.index(m.path("hosts"), i);
      Optional<String> h = YamlValues.text(n, p, ctx).map(s -> s.strip().toLowerCase(Locale.ROOT));
      if (h.isPresent() && (!HOST.matcher(h.get()).matches() || port(h.get()) > 65535)) {
        ctx.error(n, p, "a host name or address, optionally with :PORT (no scheme, path or user)");
        h = Optional.empty();
      }
      h.filter(x -> !out.contains(x)).ifPresent(out::add);
      ok &= h.isPresent();
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  private static int port(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 || hostPort.endsWith("]") ? 0 : Integer.parseInt(hostPort.substring(colon + 1));
  }
}
