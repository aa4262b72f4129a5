package dev.airlock.scan.report;

import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For people: findings grouped by rule with a fix hint per rule, then coverage, then the verdict. */
public final class TextReport {
  private TextReport() {}

  public static String render(ScanResult result) {
    StringBuilder sb = new StringBuilder();
    List<Finding> findings = result.findings();
    Map<Rule, List<Finding>> byRule = new LinkedHashMap<>();
    for (Rule r : Rule.values()) {
      for (Finding f : findings) {
        if (f.rule() == r) {
          byRule.computeIfAbsent(r, k -> new ArrayList<>()).add(f);
        }
      }
    }
    byRule.forEach((rule, list) -> {
      sb.append(rule.severity().sarifLevel()).append(' ').append(rule.id()).append(": ").append(rule.title())
          .append(" (").append(list.size()).append(")\n");
      for (Finding f : list) {
        sb.append("  ").append(f.location().display());
        List<String> extra = new ArrayList<>();
        if (!f.subject().isEmpty()) {
          extra.add(f.subject());
        }
        if (!f.detail().isEmpty()) {
          extra.add(f.detail());
        }
        f.location().note().ifPresent(extra::add);
        if (!extra.isEmpty()) {
          sb.append("  [").append(String.join("; ", extra)).append(']');
        }
        sb.append('\n');
      }
      sb.append("  fix: ").append(rule.hint()).append("\n\n");
    });
    sb.append("coverage:\n");
    for (Coverage c : result.coverage()) {
      sb.append("  ").append(String.format("%-10s", c.status().name().toLowerCase(java.util.Locale.ROOT)))
          .append(' ').append(c.input());
      if (c.files() > 0 || c.bytes() > 0) {
        sb.append("  (").append(c.files()).append(c.files() == 1 ? " file, " : " files, ")
            .append(dev.airlock.console.Bytes.human(c.bytes())).append(')');
      }
      if (!c.reason().isEmpty()) {
        sb.append("  ").append(c.reason());
      }
      sb.append('\n');
    }
    sb.append(findings.isEmpty() ? "\nclean: no credential found\n"
        : "\n" + findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + "\n");
    return sb.toString();
  }
}
