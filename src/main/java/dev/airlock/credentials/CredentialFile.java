package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
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
    return PrivateFileCheck.refusal(file);
  }

  /** The file's text (a regular file, bounded, strict UTF-8); {@code what} names the kind in messages. */
  static String read(Path file, String what) {
    return BoundedFile.readUtf8(file, MAX_BYTES, what + " " + file, "not valid UTF-8");
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
