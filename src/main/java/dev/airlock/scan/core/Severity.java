package dev.airlock.scan.core;

import java.util.Locale;

/** How bad a finding is; the names are SARIF's {@code level} values. Whether it fails the scan: {@link Rule#fails}. */
public enum Severity {
  ERROR, WARNING, NOTE;

  public String sarifLevel() {
    return name().toLowerCase(Locale.ROOT);
  }
}
