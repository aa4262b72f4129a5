package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    return load(env, explicitFile, warn, windows, processUid());
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
    if (!Files.isRegularFile(file)) {
      throw new UsageException("netrc file is not a regular file: " + file);
    }
    Optional<String> refusal = NetrcFileCheck.refusal(file, uid);
    if (refusal.isPresent()) {
      warn.accept("ignoring netrc file " + file + ": " + refusal.get());
      return Optional.empty();
    }
    return Optional.of(Netrc.parse(read(file), file.toString()));
  }

  private static String read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(Netrc.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new UsageException("cannot read netrc file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > Netrc.MAX_FILE_BYTES) {
      throw new UsageException(file + ": netrc file larger than " + Netrc.MAX_FILE_BYTES + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(file + ": netrc file is not valid UTF-8");
    }
  }

  /** This process's uid, or empty where it cannot be known (non-Unix, or a runtime without it). */
  static OptionalLong processUid() {
    try {
      return OptionalLong.of(new com.sun.security.auth.module.UnixSystem().getUid());
    } catch (LinkageError | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
