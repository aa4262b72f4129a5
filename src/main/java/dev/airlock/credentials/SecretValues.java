package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import dev.airlock.manifest.SecretRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the secret values the manifest points at ({@code env NAME}, {@code file PATH}), each once,
 * and registers every value with the {@link SecretRegistry} as it is read. A missing, empty or
 * malformed value is a configuration error (exit 2).
 */
final class SecretValues {
  private final Environment env;
  private final SecretRegistry registry;
  private final Map<String, Secret> values = new ConcurrentHashMap<>();

  SecretValues(Environment env, SecretRegistry registry) {
    this.env = env;
    this.registry = registry;
  }

  /** Reads (once) the secret behind a reference of credential {@code id}. */
  Secret get(String id, SecretRef ref) {
    String key = id + "|" + ref.describe();
    Secret cached = values.get(key);
    if (cached != null) {
      return cached;
    }
    String value;
    if (ref instanceof SecretRef.Env e) {
      value = env.get(e.variable()).orElseThrow(() -> new UsageException(
          "credential '" + id + "': environment variable " + e.variable() + " is not set"));
    } else {
      Path p = ((SecretRef.File) ref).path();
      value = stripNewline(readText(id, p, "file "));
    }
    if (value.isEmpty()) {
      throw new UsageException("credential '" + id + "': " + ref.describe() + " is empty");
    }
    for (char c : value.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        throw new UsageException("credential '" + id + "': " + ref.describe() + " contains a control character");
      }
    }
    Secret s = registry.register(value);
    values.put(key, s);
    return s;
  }

  /** A credential file's text ({@link PrivateFileCheck#readSecret}); bytes that are not UTF-8 are refused. */
  static String readText(String id, Path file, String kind) {
    String label = "credential '" + id + "': " + kind + file;
    return BoundedFile.utf8(PrivateFileCheck.readSecret(file, label), label, "not UTF-8 text");
  }

  private static String stripNewline(String s) {
    if (s.endsWith("\r\n")) {
      return s.substring(0, s.length() - 2);
    }
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
