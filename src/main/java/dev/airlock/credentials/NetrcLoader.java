package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Finds and reads the netrc file: the explicit file ({@code --netrc}, manifest {@code file:}), else
 * {@code $NETRC}, else {@code ~/.netrc} (on Windows {@code ~/_netrc} when {@code .netrc} is absent).
 * On POSIX file systems a file that other users may read or write, or that another user owns, is
 * ignored with a warning. Nothing here ever prints the file's contents.
 */
public final class NetrcLoader {
  private NetrcLoader() {}

  /**
   * @param explicitFile a file the user named; it must exist
   * @param warn receives one line per refused file (names the path and the reason, never contents)
   * @param windows whether to fall back to {@code _netrc}
   * @return the parsed file, or empty if there is none or it was refused
   * @throws UsageException if a named file ({@code explicitFile} or {@code $NETRC}) is missing, a
   *     file cannot be read, or it is malformed
   */
  public static Optional<Netrc> load(
      Environment env, Optional<Path> explicitFile, Consumer<String> warn, boolean windows) {
    return load(env, explicitFile, warn, windows, PrivateFileCheck.processUid());
  }

  /** As {@link #load(Environment, Optional, Consumer, boolean)}, with the uid given (for tests). */
  static Optional<Netrc> load(Environment env, Optional<Path> explicitFile, Consumer<String> warn,
      boolean windows, OptionalLong uid) {
    Optional<Path> named = explicitFile.map(p -> env.resolvePath(env.workingDir(), p.toString()))
        .or(() -> env.get("NETRC").map(v -> env.resolvePath(env.workingDir(), v)));
    Path file;
    if (named.isPresent()) {
      file = named.get();
      if (!Files.exists(file)) {
        throw new UsageException("netrc file not found: " + file);
      }
    } else {
      file = env.home().resolve(".netrc");
      if (windows && !Files.exists(file)) {
        file = env.home().resolve("_netrc");
      }
      if (!Files.exists(file)) {
        return Optional.empty();
      }
    }
    String label = "netrc file " + file;
    Path real = BoundedFile.regular(file, label);
    Optional<String> refusal = PrivateFileCheck.refusal(real, uid);
    if (refusal.isPresent()) {
      warn.accept("ignoring netrc file " + file + ": " + refusal.get());
      return Optional.empty();
    }
    return Optional.of(Netrc.parse(BoundedFile.readUtf8(real, Netrc.MAX_FILE_BYTES, label, "not valid UTF-8"),
        file.toString()));
  }
}
