package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetrcLoaderTest {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  @TempDir Path home;
  @TempDir Path work;
  private final List<String> warnings = new ArrayList<>();

  private Environment env(Map<String, String> variables) {
    return new Environment(variables, home, work);
  }

  private Optional<Netrc> load(Map<String, String> variables, Optional<Path> explicit, boolean windows) {
    return NetrcLoader.load(env(variables), explicit, warnings::add, windows);
  }

  private Optional<Netrc> load() {
    return load(Map.of(), Optional.empty(), false);
  }

  /** Writes a netrc file readable only by its owner (mode 0600). */
  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    chmod(file, "rw-------");
    return file;
  }

  private static void chmod(Path file, String permissions) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
  }

  private static String passwordFor(Optional<Netrc> netrc, String host) {
    return netrc.orElseThrow().lookup(host, Optional.empty(), false)
        .flatMap(NetrcEntry::password).map(Secret::reveal).orElse("none");
  }

  // --- case 11: which file ---

  @Test
  void case11_netrcVariableIsTheOnlyFileRead() throws IOException {
    write(home.resolve(".netrc"), "machine home.example password HOME-PW\n");
    Path x = write(work.resolve("x"), "machine var.example password VAR-PW\n");
    Optional<Netrc> netrc = load(Map.of("NETRC", x.toString()), Optional.empty(), false);
    assertEquals("VAR-PW", passwordFor(netrc, "var.example"));
    assertEquals("none", passwordFor(netrc, "home.example"));
    assertEquals(x.toString(), netrc.orElseThrow().fileName());
  }

  @Test
  void case11_netrcVariableMayStartWithTilde() throws IOException {
    write(home.resolve("creds"), "machine h password P\n");
    assertEquals("P", passwordFor(load(Map.of("NETRC", "~/creds"), Optional.empty(), false), "h"));
  }

  @Test
  void case11_missingNetrcVariableFileIsAUsageError() throws IOException {
    write(home.resolve(".netrc"), "machine h password P\n");
    Path missing = work.resolve("nope");
    UsageException e = assertThrows(UsageException.class,
        () -> load(Map.of("NETRC", missing.toString()), Optional.empty(), false));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void case11_withoutVariableHomeNetrcIsRead() throws IOException {
    write(home.resolve(".netrc"), "machine h password HOME-PW\n");
    assertEquals("HOME-PW", passwordFor(load(), "h"));
  }

  @Test
  void case11_windowsFallsBackToUnderscoreNetrc() throws IOException {
    write(home.resolve("_netrc"), "machine h password WIN-PW\n");
    assertEquals("WIN-PW", passwordFor(load(Map.of(), Optional.empty(), true), "h"));
  }

  @Test
  void case11_windowsPrefersDotNetrc() throws IOException {
    write(home.resolve(".netrc"), "machine h password DOT-PW\n");
    write(home.resolve("_netrc"), "machine h password WIN-PW\n");
    assertEquals("DOT-PW", passwordFor(load(Map.of(), Optional.empty(), true), "h"));
  }

  @Test
  void case11_underscoreNetrcIsIgnoredOffWindows() throws IOException {
    write(home.resolve("_netrc"), "machine h password WIN-PW\n");
    assertTrue(load().isEmpty());
    assertEquals(List.of(), warnings);
  }

  @Test
  void missingDefaultFileGivesNothingAndNoWarning() {
    assertTrue(load().isEmpty());
    assertEquals(List.of(), warnings);
  }

  @Test
  void explicitFileWinsOverVariableAndHome() throws IOException {
    write(home.resolve(".netrc"), "machine h password HOME-PW\n");
    Path var = write(work.resolve("var"), "machine h password VAR-PW\n");
    write(work.resolve("explicit"), "machine h password EXPLICIT-PW\n");
    Optional<Netrc> netrc =
        load(Map.of("NETRC", var.toString()), Optional.of(Path.of("explicit")), false);
    assertEquals("EXPLICIT-PW", passwordFor(netrc, "h"));
  }

  @Test
  void explicitFileMayStartWithTilde() throws IOException {
    write(home.resolve("ci-netrc"), "machine h password CI-PW\n");
    assertEquals("CI-PW", passwordFor(load(Map.of(), Optional.of(Path.of("~/ci-netrc")), false), "h"));
  }

  @Test
  void missingExplicitFileIsAUsageError() {
    Path missing = work.resolve("missing-netrc");
    UsageException e = assertThrows(UsageException.class,
        () -> load(Map.of(), Optional.of(missing), false));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void directoryIsAUsageError() throws IOException {
    Path dir = Files.createDirectory(work.resolve("dir"));
    assertThrows(UsageException.class, () -> load(Map.of(), Optional.of(dir), false));
  }

  // --- case 10: permissions and owner ---

  @ParameterizedTest
  @CsvSource({
      "rw-r--r--, 0644",
      "rw-r-----, 0640",
      "rw----r--, 0604",
      "rw--w----, 0620",
      "rw-----w-, 0602",
      "rw------x, 0601",
  })
  void case10_fileOthersCanReadOrWriteIsRefused(String permissions, String mode) throws IOException {
    assumeTrue(POSIX);
    Path file = write(home.resolve(".netrc"), "machine h login u password FILE-SECRET\n");
    chmod(file, permissions);
    assertTrue(load().isEmpty());
    assertEquals(1, warnings.size());
    String warning = warnings.get(0);
    assertTrue(warning.contains(file.toString()), warning);
    assertTrue(warning.contains(mode), warning);
    assertFalse(warning.contains("FILE-SECRET") || warning.contains("machine h"), warning);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-------", "r--------"})
  void ownerOnlyModesAreAccepted(String permissions) throws IOException {
    assumeTrue(POSIX);
    chmod(write(home.resolve(".netrc"), "machine h password P\n"), permissions);
    assertEquals("P", passwordFor(load(), "h"));
    assertEquals(List.of(), warnings);
  }

  @Test
  void case10_explicitFileIsCheckedToo() throws IOException {
    assumeTrue(POSIX);
    Path file = write(work.resolve("explicit"), "machine h password P\n");
    chmod(file, "rw-rw-rw-");
    assertTrue(load(Map.of(), Optional.of(file), false).isEmpty());
    assertTrue(warnings.get(0).contains("0666"), warnings.get(0));
  }

  @Test
  void case10_modeOfTheLinkTargetIsWhatCounts() throws IOException {
    assumeTrue(POSIX);
    Path target = write(work.resolve("target"), "machine h password P\n");
    Files.createSymbolicLink(home.resolve(".netrc"), target);
    assertEquals("P", passwordFor(load(), "h"));
    chmod(target, "rw-r--r--");
    assertTrue(load().isEmpty());
    assertEquals(1, warnings.size());
  }

  @Test
  void case10_fileOwnedByAnotherUidIsRefused() throws IOException {
    assumeTrue(POSIX);
    Path file = write(home.resolve(".netrc"), "machine h password FILE-SECRET\n");
    long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
    Environment env = env(Map.of());
    Optional<Netrc> refused =
        NetrcLoader.load(env, Optional.empty(), warnings::add, false, OptionalLong.of(owner + 1));
    assertTrue(refused.isEmpty());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("owned by uid " + owner), warnings.get(0));
    assertFalse(warnings.get(0).contains("FILE-SECRET"), warnings.get(0));
    assertTrue(NetrcLoader.load(env, Optional.empty(), warnings::add, false, OptionalLong.of(owner))
        .isPresent());
  }

  @Test
  void case10_fileChownedToAnotherUserIsRefusedForReal() throws IOException {
    assumeTrue(POSIX);
    Path file = write(home.resolve(".netrc"), "machine h password P\n");
    assumeTrue(((Number) Files.getAttribute(file, "unix:uid")).intValue() == 0, "needs root to chown");
    Files.setAttribute(file, "unix:uid", 4242);
    assertTrue(load().isEmpty());
    assertTrue(warnings.get(0).contains("4242"), warnings.get(0));
  }

  // --- reading ---

  @Test
  void fileOverTheSizeLimitIsAUsageError() throws IOException {
    Path file = write(home.resolve(".netrc"), "#".repeat(Netrc.MAX_FILE_BYTES) + "\n");
    UsageException e = assertThrows(UsageException.class, this::load);
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void invalidUtf8IsAUsageError() throws IOException {
    Path file = home.resolve(".netrc");
    Files.write(file, new byte[] {'m', 'a', 'c', 'h', 'i', 'n', 'e', ' ', (byte) 0xff, '\n'});
    chmod(file, "rw-------");
    UsageException e = assertThrows(UsageException.class, this::load);
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void parseErrorsNameTheFilePathAndLineButNoValue() throws IOException {
    Path file = write(home.resolve(".netrc"), "machine h\npassword \"FILE-SECRET\n");
    UsageException e = assertThrows(UsageException.class, this::load);
    assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    assertFalse(e.getMessage().contains("FILE-SECRET"), e.getMessage());
  }
}
