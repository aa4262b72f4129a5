package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.console.Json;
import dev.airlock.verify.VerifyService;
import java.util.List;

/** {@code verify --json}: the mismatches as one JSON document (field names documented in the README). */
public final class VerifyReport {
  private VerifyReport() {}

  public static String of(VerifyService.Report r) {
    ObjectNode doc = Json.object();
    doc.put("command", "verify");
    doc.put("ok", r.ok());
    doc.put("exitCode", r.ok() ? 0 : 1);
    doc.put("checked", r.checked());
    list(doc, "missing", r.missing());
    list(doc, "changed", r.changed());
    list(doc, "extra", r.extra());
    list(doc, "notLocked", r.unlocked());
    list(doc, "credentialFoundIn", r.secretHits());
    return Json.render(doc);
  }

  public static String failure(int exitCode, String error) {
    ObjectNode doc = Json.object();
    doc.put("command", "verify");
    doc.put("ok", false);
    doc.put("exitCode", exitCode);
    doc.put("error", error);
    return Json.render(doc);
  }

  private static void list(ObjectNode doc, String key, List<String> items) {
    ArrayNode a = doc.putArray(key);
    items.forEach(a::add);
  }
}
