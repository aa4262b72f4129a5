package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one rule for files that hold a credential (a netrc, a token, password or passphrase file, an
 * ssh key, {@code tls.clientKey}, and any credential file a later reader adds): on POSIX file
 * systems its mode must give nothing to group or others ({@code mode & 077 == 0}) and it must be
 * owned by this process's uid, as OpenSSH demands of a private key. Windows ACLs are not checked.
 * Links are resolved: the file that is read is the one checked.
 *
 * <p>A file the manifest names for a credential is refused when the rule fails ({@link #readSecret},
 * exit 2). Only the netrc that airlock finds by itself ({@code ~/.netrc}, {@code $NETRC}, or one a
 * credential names) is skipped with a warning instead, as netrc readers do; a credential that needs
 * it then fails for want of a usable netrc.
 */
public final class PrivateFileCheck {
  private PrivateFileCheck() {}

  /** Why the file must not be used, or empty if it may be (this process's uid). */
  public static Optional<String> refusal(Path file) {
    return refusal(file, processUid());
  }

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
      throw new UsageException("cannot read the attributes of " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The contents of a file that holds a credential: a regular file ({@link BoundedFile}), private
   * by the rule above, at most {@link BoundedFile#SECRET_BYTES}; otherwise a usage error that
   * starts with {@code label} and never shows the contents.
   */
  public static byte[] readSecret(Path file, String label) {
    Path real = BoundedFile.regular(file, label);
    refusal(real).ifPresent(why -> {
      throw new UsageException(label + ": refused: " + why);
    });
    return BoundedFile.read(real, BoundedFile.SECRET_BYTES, label);
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

  /** This process's uid, or empty where it cannot be known (non-Unix, or a runtime without it). */
  static OptionalLong processUid() {
    try {
      return OptionalLong.of(new com.sun.security.auth.module.UnixSystem().getUid());
    } catch (LinkageError | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
