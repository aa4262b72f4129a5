package dev.airlock.manifest;

import java.nio.file.Path;

/** Where a secret value is read from. The manifest never holds the value itself. */
public sealed interface SecretRef {
  /** A short description for messages, e.g. {@code env GITHUB_TOKEN}; never the value. */
  String describe();

  record Env(String variable) implements SecretRef {
    @Override
    public String describe() {
      return "env " + variable;
    }
  }

  /** An absolute path (the reader resolves {@code ~} and paths relative to the manifest). */
  record File(Path path) implements SecretRef {
    @Override
    public String describe() {
      return "file " + path;
    }
  }
}
