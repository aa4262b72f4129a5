package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether a netrc file is private enough to use: on POSIX file systems its mode must give
 * nothing to group or others ({@code mode & 077 == 0}) and it must be owned by this process's uid.
 * Windows ACLs are not checked. Links are followed: the file that is read is the one checked.
 */
final class NetrcFileCheck {
  private NetrcFileCheck() {}

  /** Why the file must not be used, or empty if it may be. */
  static Optional<String> refusal(Path file, OptionalLong processUid) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return Optional.empty();
    }
    try {
      int mode = mode(view.readAttributes().permissions());
      if ((mode & 0077) != 0) {
        return Optional.of(String.format(
            "mode %04o lets other users read or change it (run: chmod 600 %s)", mode, file));
      }
      Optional<Long> owner = ownerUid(file);
      if (processUid.isPresent() && owner.isPresent() && owner.get() != processUid.getAsLong()) {
        return Optional.of("owned by uid " + owner.get() + ", not by this user (uid "
            + processUid.getAsLong() + ")");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UsageException("cannot read the attributes of netrc file " + file
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal()); // OWNER_READ is 0400 ... OTHERS_EXECUTE is 0001
    }
    return mode;
  }

  /** The numeric owner, where the platform exposes the "unix" attribute view (Linux, macOS). */
  private static Optional<Long> ownerUid(Path file) throws IOException {
    try {
      return Optional.of(((Number) Files.getAttribute(file, "unix:uid")).longValue());
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
