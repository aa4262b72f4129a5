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

/**
 * Reading the files other tools keep credentials in (.npmrc, settings.xml, .pypirc): bounded in
 * size, strict UTF-8, and, where a file must be private, the same ownership and mode rule as the
 * netrc file. Messages name the file, never its contents.
 */
final class CredentialFile {
  /** Larger than any real configuration file; a bigger one is refused rather than read. */
  static final int MAX_BYTES = 1024 * 1024;

  private CredentialFile() {}

  /** Why {@code file} is not private enough to hold a credential, or empty: the netrc rule. */
  static Optional<String> refusal(Path file) {
    return NetrcFileCheck.refusal(file, NetrcLoader.processUid());
  }

  /** The file's text; {@code what} names the kind in messages ("npmrc file"). */
  static String read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException(what + " is not a regular file: " + file);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_BYTES) {
      throw new UsageException(file + ": " + what + " larger than " + MAX_BYTES + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(file + ": " + what + " is not valid UTF-8");
    }
  }

  /** Refuses a value that cannot go into an HTTP header: control characters or non-ASCII. */
  static void requireHeaderSafe(String value, String where) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new UsageException(where + " contains a character that cannot be sent in an HTTP header");
      }
    }
  }
}
