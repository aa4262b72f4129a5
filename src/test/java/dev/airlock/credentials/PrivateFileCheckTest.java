package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import dev.airlock.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20 item 13: the one rule for files that hold a credential, as readers other than the netrc use it. */
class PrivateFileCheckTest {
  @TempDir Path dir;
  final String secret = Canary.next("secretfile");

  Path file(String mode) throws Exception {
    Path f = Files.writeString(dir.resolve("s-" + mode), secret);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void ownerOnlyFilesAreRead() throws Exception {
    for (String mode : new String[] {"rw-------", "r--------"}) {
      assertArrayEquals(secret.getBytes(StandardCharsets.UTF_8), PrivateFileCheck.readSecret(file(mode), "label"));
    }
  }

  @Test
  void anyGroupOrOtherBitIsRefusedWithAdviceAndWithoutTheContents() throws Exception {
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x"}) {
      Path f = file(mode);
      UsageException e = assertThrows(UsageException.class, () -> PrivateFileCheck.readSecret(f, "credential 'x': file " + f));
      assertTrue(e.getMessage().startsWith("credential 'x': file " + f + ": refused: mode 0"), e.getMessage());
      assertTrue(e.getMessage().endsWith("(run: chmod 600 " + f + ")"), e.getMessage());
      Canary.assertAbsent("message", e.getMessage(), Canary.forms(secret));
    }
  }

  @Test
  void aLinkIsJudgedByTheFileItLeadsTo() throws Exception {
    Path open = file("rw-r--r--");
    Path link = Files.createSymbolicLink(dir.resolve("link"), open);
    assertThrows(UsageException.class, () -> PrivateFileCheck.readSecret(link, "l"));
    Path closed = file("rw-------");
    Path link2 = Files.createSymbolicLink(dir.resolve("link2"), closed);
    assertEquals(secret, new String(PrivateFileCheck.readSecret(link2, "l"), StandardCharsets.UTF_8));
  }

  @Test
  void anotherOwnerIsRefused() throws Exception {
    Path f = file("rw-------");
    long owner = ((Number) Files.getAttribute(f, "unix:uid")).longValue();
    assertEquals(Optional.empty(), PrivateFileCheck.refusal(f, OptionalLong.of(owner)));
    Optional<String> why = PrivateFileCheck.refusal(f, OptionalLong.of(owner + 1));
    assertTrue(why.isPresent() && why.get().startsWith("owned by uid " + owner), why.toString());
    assertFalse(PrivateFileCheck.refusal(f, OptionalLong.empty()).isPresent(), "uid unknown: mode only");
  }
}
