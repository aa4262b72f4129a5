package dev.airlock.io;

import dev.airlock.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way airlock reads a whole file that a manifest or the user names: a secret, a key, a
 * certificate, a netrc, a template. Only a regular file is read, and only up to a cap:
 *
 * <ul>
 *   <li>the path is resolved first (a link to a file kept elsewhere works), then the target's type
 *       is read without following links; a device ({@code /dev/zero}), a FIFO (opening one blocks
 *       until a writer comes), a socket or a folder is refused before anything is opened;
 *   <li>the resolved file is opened with {@code NOFOLLOW_LINKS} and read up to the cap plus one
 *       byte: a larger file is refused without being read whole.
 * </ul>
 *
 * Every failure is a {@link UsageException} (exit 2) whose message starts with the caller's label
 * for the file and never holds its contents. (A file swapped for a FIFO between the check and the
 * open would still block; that takes write access to its folder, which already allows replacing
 * the secret itself.)
 */
public final class BoundedFile {
  /** Cap for secrets: tokens, passwords, passphrases, private keys. */
  public static final int SECRET_BYTES = 64 * 1024;
  /** Cap for text a person writes or a tool generates: templates, ignore files, certificates. */
  public static final int TEXT_BYTES = 4 * 1024 * 1024;

  private BoundedFile() {}

  /**
   * The real path of {@code file}, which must be a regular file once links are resolved.
   *
   * @param label how messages name the file, e.g. {@code credential 'ci': file /run/token}
   */
  public static Path regular(Path file, String label) {
    Path real;
    BasicFileAttributes attrs;
    try {
      real = file.toRealPath();
      attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new UsageException(label + ": not found");
    } catch (IOException | SecurityException e) {
      throw new UsageException(label + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    if (!attrs.isRegularFile()) {
      throw new UsageException(label + ": not a regular file (" + (attrs.isDirectory() ? "a folder"
          : "a device, FIFO or socket") + "); only a regular file is read");
    }
    return real;
  }

  /**
   * As {@link #regular(Path, String)}, and at most {@code maxBytes} long: for a file another
   * library reads itself (JGit reads known_hosts), checked before it is handed over.
   */
  public static Path regular(Path file, long maxBytes, String label) {
    Path real = regular(file, label);
    try {
      if (Files.size(real) > maxBytes) {
        throw new UsageException(label + ": larger than " + maxBytes + " bytes");
      }
    } catch (IOException e) {
      throw new UsageException(label + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    return real;
  }

  /** The bytes of the regular file {@code file}, at most {@code maxBytes} of them. */
  public static byte[] read(Path file, int maxBytes, String label) {
    Path real = regular(file, label);
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new UsageException(label + ": larger than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new UsageException(label + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** As {@link #read}, decoded as strict UTF-8; other bytes are refused with {@code notUtf8} as the reason. */
  public static String readUtf8(Path file, int maxBytes, String label, String notUtf8) {
    return utf8(read(file, maxBytes, label), label, notUtf8);
  }

  /** Strict UTF-8: malformed bytes are refused ({@code label: notUtf8}), never replaced. */
  public static String utf8(byte[] bytes, String label, String notUtf8) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(label + ": " + notUtf8);
    }
  }
}
