package dev.airlock.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code no_proxy}: comma-separated; {@code *} is every host; {@code example.com} and
 * {@code .example.com} match the domain and its subdomains; {@code host:port} only that port;
 * IP literals match exactly.
 */
record NoProxy(boolean all, List<String[]> entries) {
  static NoProxy parse(String value) {
    List<String[]> entries = new ArrayList<>();
    boolean all = false;
    for (String raw : value.split(",")) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        all = true;
        continue;
      }
      String port = "";
      int colon = e.lastIndexOf(':');
      if (colon > 0 && e.indexOf(':') == colon && e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        port = e.substring(colon + 1);
        e = e.substring(0, colon);
      }
      if (e.startsWith("[") && e.endsWith("]")) {
        e = e.substring(1, e.length() - 1);
      }
      entries.add(new String[] {e.startsWith(".") ? e.substring(1) : e, port});
    }
    return new NoProxy(all, entries);
  }

  boolean matches(String host, int port) {
    if (all) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String[] e : entries) {
      boolean hostMatch = h.equals(e[0]) || h.endsWith("." + e[0]);
      if (hostMatch && (e[1].isEmpty() || e[1].equals(String.valueOf(port)))) {
        return true;
      }
    }
    return false;
  }
}
