package dev.airlock.scan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.ScanResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Machine output: {@code {clean, findings[], coverage[]}}; values never, ids and fingerprints only. */
public final class JsonReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String render(ScanResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tool", "airlock scan");
    root.put("clean", result.clean());
    Map<Finding, String> ids = result.ids();
    List<Object> findings = new ArrayList<>();
    for (Finding f : result.findings()) {
      findings.add(finding(f, ids.get(f)));
    }
    root.put("findings", findings);
    List<Object> accepted = new ArrayList<>();
    for (ScanResult.Accepted a : result.accepted()) {
      Map<String, Object> m = finding(a.finding(), ids.get(a.finding()));
      m.put("reason", a.reason());
      accepted.add(m);
    }
    root.put("accepted", accepted);
    List<Object> coverage = new ArrayList<>();
    for (Coverage c : result.coverage()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("input", c.input());
      m.put("status", c.status().name().toLowerCase(Locale.ROOT));
      m.put("reason", c.reason());
      m.put("files", c.files());
      m.put("bytes", c.bytes());
      coverage.add(m);
    }
    root.put("coverage", coverage);
    return write(root);
  }

  private static Map<String, Object> finding(Finding f, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", id);
    m.put("rule", f.rule().id());
    m.put("severity", f.rule().severity().sarifLevel());
    m.put("title", f.rule().title());
    m.put("subject", f.subject());
    m.put("detail", f.detail());
    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put("display", f.location().display());
    loc.put("parts", f.location().parts());
    if (f.location().line() > 0) {
      loc.put("line", f.location().line());
    }
    if (f.location().offset() >= 0) {
      loc.put("offset", f.location().offset());
    }
    f.location().note().ifPresent(n -> loc.put("note", n));
    m.put("location", loc);
    m.put("fix", f.rule().hint());
    return m;
  }

  static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
