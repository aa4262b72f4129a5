package dev.airlock.placement;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;

/**
 * Why one archive entry, or the archive as a whole, could not be extracted. Internal to this
 * package: {@link SafeExtractor} turns it into a {@code FetchException} that names the archive.
 */
final class ExtractionFailure extends RuntimeException {
  private final String entry; // raw entry name, or null for archive-wide failures
  private final String reason;

  private ExtractionFailure(String entry, String reason, Throwable cause) {
    super(entry == null ? reason : "entry " + EntryPath.display(entry) + ": " + reason, cause);
    this.entry = entry;
    this.reason = reason;
  }

  /** A problem with the archive as a whole: a cap, a corrupt stream. */
  static ExtractionFailure of(String reason) {
    return new ExtractionFailure(null, reason, null);
  }

  /** A problem with one entry; its name is shown escaped and shortened. */
  static ExtractionFailure entry(String rawName, String reason) {
    return new ExtractionFailure(rawName, reason, null);
  }

  static ExtractionFailure io(String rawName, IOException e) {
    return new ExtractionFailure(rawName, describe(e), e);
  }

  /** Attributes an archive-wide failure (a cap hit while writing) to the entry being written. */
  ExtractionFailure at(String rawName) {
    return entry != null ? this : new ExtractionFailure(rawName, reason, getCause());
  }

  /** An I/O error's kind and reason, without the absolute paths Java puts into file errors. */
  static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "path already exists (a name collision, e.g. on a case-insensitive file system)";
    }
    String detail = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    return e.getClass().getSimpleName() + (detail == null ? "" : ": " + detail);
  }
}
