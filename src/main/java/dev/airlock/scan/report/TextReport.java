package dev.airlock.scan.report;

import dev.airlock.common.Bytes;
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
    return render(result, false);
  }

  /** {@code quiet}: the findings only (no coverage list, no accepted list, no verdict line when clean). */
  public static String render(ScanResult result, boolean quiet) {
    StringBuilder sb = new StringBuilder();
    List<Finding> findings = result.findings();
    Map<Finding, String> ids = result.ids();
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
        extra.add(ids.get(f));
        if (!extra.isEmpty()) {
          sb.append("  [").append(String.join("; ", extra)).append(']');
        }
        sb.append('\n');
      }
      sb.append("  fix: ").append(rule.hint()).append("\n\n");
    });
    if (quiet) {
      return sb.toString();
    }
    if (!result.accepted().isEmpty()) {
      sb.append("accepted (reviewed, not failing the scan):\n");
      for (ScanResult.Accepted a : result.accepted()) {
        sb.append("  ").append(a.finding().rule().id()).append(' ').append(a.finding().location().display())
            .append("  [").append(ids.get(a.finding())).append("; ").append(a.reason()).append("]\n");
      }
      sb.append('\n');
    }
    sb.append("coverage:\n");
    for (Coverage c : result.coverage()) {
      sb.append("  ").append(String.format("%-10s", c.status().name().toLowerCase(java.util.Locale.ROOT)))
          .append(' ').append(c.input());
      if (c.files() > 0 || c.bytes() > 0) {
        sb.append("  (").append(c.files()).append(c.files() == 1 ? " file, " : " files, ")
            .append(Bytes.human(c.bytes())).append(')');
      }
      if (!c.reason().isEmpty()) {
        sb.append("  ").append(c.reason());
      }
      sb.append('\n');
    }
    sb.append(findings.isEmpty() ? "\nclean: no credential found\n"
        : result.clean() ? "\nclean: no credential found (" + findings.size() + " warning"
            + (findings.size() == 1 ? "" : "s") + " to review)\n"
        : "\n" + findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + "\n");
    return sb.toString();
  }
}
