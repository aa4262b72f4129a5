package dev.airlock.cli.options;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on stdout instead of result lines; progress stays on stderr. */
public final class JsonOption {
  @Option(names = "--json", description = "Print one JSON document on stdout (fields: see README); progress stays on stderr.")
  boolean json;

  public boolean enabled() {
    return json;
  }
}
