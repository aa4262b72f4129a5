package dev.airlock.scan.report;

import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning uploads: one run, every rule in the driver, one result per finding
 * with a physical location (the outer file, the line when the finding is in it) and a logical one
 * for members of archives and images. Coverage gaps also appear as tool notifications.
 */
public final class SarifReport {
  private SarifReport() {}

  public static String render(ScanResult result, String version) {
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "airlock");
    driver.put("version", version);
    List<Object> rules = new ArrayList<>();
    for (Rule r : Rule.values()) {
      rules.add(map("id", r.id(), "name", r.name(), "shortDescription", map("text", r.title()),
          "help", map("text", r.hint()), "defaultConfiguration", map("level", r.severity().sarifLevel())));
    }
    driver.put("rules", rules);
    List<Object> results = new ArrayList<>();
    Map<Finding, String> ids = result.ids();
    Map<Finding, String> reasons = new IdentityHashMap<>();
    result.accepted().forEach(a -> reasons.put(a.finding(), a.reason()));
    for (Finding f : result.all()) {
      Map<String, Object> physical = new LinkedHashMap<>();
      physical.put("artifactLocation", map("uri", uri(f.location().first())));
      boolean inFile = f.location().parts().size() == 1;
      if (inFile && f.location().line() > 0) {
        physical.put("region", map("startLine", f.location().line()));
      }
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("physicalLocation", physical);
      if (!inFile) {
        location.put("logicalLocations", List.of(map("fullyQualifiedName", f.location().display(), "kind", "member")));
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ruleId", f.rule().id());
      r.put("ruleIndex", f.rule().ordinal());
      r.put("level", f.rule().severity().sarifLevel());
      r.put("message", map("text", f.message() + f.location().note().map(n -> " — " + n).orElse("")
          + ". Fix: " + f.rule().hint()));
      r.put("locations", List.of(location));
      r.put("partialFingerprints", map("airlockFinding/v1", ids.get(f)));
      if (reasons.containsKey(f)) {
        r.put("suppressions", List.of(map("kind", "external", "status", "accepted",
            "justification", reasons.get(f))));
      }
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("subject", f.subject());
      props.put("location", f.location().display());
      r.put("properties", props);
      results.add(r);
    }
    List<Object> notes = new ArrayList<>();
    for (Coverage c : result.coverage()) {
      if (c.status() != Coverage.Status.SCANNED) {
        notes.add(map("level", "warning", "message", map("text", c.input() + ": " + c.status().name().toLowerCase(
            java.util.Locale.ROOT) + " (" + c.reason() + ")")));
      }
    }
    Map<String, Object> invocation = new LinkedHashMap<>();
    invocation.put("executionSuccessful", true);
    invocation.put("toolExecutionNotifications", notes);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", map("driver", driver));
    run.put("invocations", List.of(invocation));
    run.put("results", results);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    root.put("runs", List.of(run));
    return JsonReport.write(root);
  }

  private static String uri(String path) {
    try {
      return new URI(null, null, path.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      return path.replaceAll("[^A-Za-z0-9._/-]", "_");
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
