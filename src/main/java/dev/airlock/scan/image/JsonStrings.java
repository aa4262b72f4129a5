package dev.airlock.scan.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.scan.core.ContentScanner;
import dev.airlock.scan.core.Location;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the content tiers over every string (and key) of a JSON document separately, each located
 * by its JSON pointer ({@code /config/Env/3}), after JSON unescaping, so {@code \u002b} hides nothing.
 */
final class JsonStrings {
  private JsonStrings() {}

  static void scan(JsonNode node, String pointer, ContentScanner content, Location where) {
    if (node.isTextual()) {
      content.scan(node.asText().getBytes(StandardCharsets.UTF_8), where.child(pointer.isEmpty() ? "/" : pointer));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        scan(node.get(i), pointer + "/" + i, content, where);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        content.scan(e.getKey().getBytes(StandardCharsets.UTF_8), where.child(p + " (key)"));
        scan(e.getValue(), p, content, where);
      }
    }
  }
}
