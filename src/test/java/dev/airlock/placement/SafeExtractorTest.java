package dev.airlock.placement;

import static dev.airlock.placement.TestArchives.dir;
import static dev.airlock.placement.TestArchives.file;
import static dev.airlock.placement.TestArchives.globalPaxComment;
import static dev.airlock.placement.TestArchives.gzippedSymlinkWithBody;
import static dev.airlock.placement.TestArchives.rawZip;
import static dev.airlock.placement.TestArchives.hardlink;
import static dev.airlock.placement.TestArchives.special;
import static dev.airlock.placement.TestArchives.symlink;
import static dev.airlock.placement.TestArchives.tar;
import static dev.airlock.placement.TestArchives.zip;
import static dev.airlock.placement.TestArchives.zipEntry;
import static dev.airlock.placement.TestArchives.zipFile;
import static dev.airlock.placement.TestArchives.zipSymlink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.placement.SafeExtractor.Limits;
import dev.airlock.placement.TestArchives.RawEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeExtractorTest {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  @TempDir Path tmp;
  /** What an attack aims at: a folder beside the destination, holding one file. */
  Path outside;
  /** Deep enough that "../../x" from it still lands inside tmp, where the snapshot sees it. */
  Path dest;

  final SafeExtractor extractor = new SafeExtractor(Limits.DEFAULT);

  @BeforeEach
  void setUp() throws IOException {
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "original");
    dest = tmp.resolve("work/a/b/dest");
    Files.createDirectories(dest.getParent());
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Every path under tmp, symlinks not followed. */
  private Set<String> snapshot() throws IOException {
    try (Stream<Path> paths = Files.walk(tmp)) {
      return paths.map(p -> tmp.relativize(p).toString())
          .collect(TreeSet::new, Set::add, Set::addAll);
    }
  }

  /** Extraction must fail with exit 3 and leave no trace at all: dest gone, tmp as before. */
  private FetchException rejects(SafeExtractor with, Path archive) throws IOException {
    Set<String> before = snapshot();
    FetchException e = assertThrows(FetchException.class,
        () -> with.extract(archive, archive.getFileName().toString(), dest));
    assertEquals(AirlockException.FETCH_FAILED, e.exitCode());
    assertFalse(Files.exists(dest, LinkOption.NOFOLLOW_LINKS), "the destination it made is gone");
    assertEquals(before, snapshot(), "nothing written anywhere");
    assertEquals("original", Files.readString(outside.resolve("keep.txt")));
    assertFalse(e.getMessage().contains(tmp.toString()), "no absolute paths: " + e.getMessage());
    return e;
  }

  private FetchException rejects(Path archive) throws IOException {
    return rejects(extractor, archive);
  }

  private List<String> extract(Path archive) {
    return extractor.extract(archive, archive.getFileName().toString(), dest);
  }

  private static void assertMessage(FetchException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static byte[] zeros(int size) {
    return new byte[size];
  }

  // ---- case 53: names that escape ------------------------------------------------------------

  static Stream<Arguments> escapingNames() {
    List<String> names = List.of("../../evil", "/abs/evil", "C:\\evil", "dir\\..\\..\\evil",
        "C:/evil", "\\\\srv\\share\\evil", "ok/../../../evil", "..");
    return Stream.of("bad.zip", "bad.tar.gz")
        .flatMap(archive -> names.stream().map(name -> Arguments.of(archive, name)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("escapingNames")
  void escapingEntryNamesAreRejected(String archiveName, String evil) throws IOException {
    Path archive = tmp.resolve(archiveName);
    if (archiveName.endsWith(".zip")) {
      // Written by hand: commons-compress's zip writer turns backslashes into slashes.
      rawZip(archive, List.of(RawEntry.of("ok.txt", "written before the bad entry"),
          RawEntry.of(evil, "evil")));
    } else {
      tar(archive, out -> {
        file(out, "ok.txt", "written before the bad entry");
        file(out, evil, "evil");
      });
    }
    FetchException e = rejects(archive);
    assertMessage(e, archiveName, EntryPath.display(evil));
    assertFalse(Files.exists(Path.of("/abs/evil")));
  }

  @Test
  void nulInAZipEntryNameIsRejected() throws IOException {
    Path archive = zip(tmp.resolve("nul.zip"), out -> zipFile(out, "a\0/../../evil", "x"));
    assertMessage(rejects(archive), "NUL");
  }

  @Test
  void anEmptyDestinationThatExistedIsEmptiedNotRemoved() throws IOException {
    Files.createDirectory(dest);
    Path archive = zip(tmp.resolve("bad.zip"), out -> {
      zipFile(out, "sub/ok.txt", "partial output");
      zipFile(out, "../evil", "evil");
    });
    assertThrows(FetchException.class, () -> extract(archive));
    assertTrue(Files.isDirectory(dest));
    try (Stream<Path> children = Files.list(dest)) {
      assertEquals(0, children.count());
    }
  }

  @Test
  void aNonEmptyDestinationIsRefusedAndLeftAlone() throws IOException {
    Files.createDirectory(dest);
    Files.writeString(dest.resolve("mine.txt"), "mine");
    Path archive = zip(tmp.resolve("ok.zip"), out -> zipFile(out, "a.txt", "a"));
    FetchException e = assertThrows(FetchException.class, () -> extract(archive));
    assertMessage(e, "not empty");
    assertEquals("mine", Files.readString(dest.resolve("mine.txt")));
    assertFalse(Files.exists(dest.resolve("a.txt")));
  }

  // ---- case 54: symlinks ---------------------------------------------------------------------

  @Test
  void writingThroughAnAbsoluteSymlinkIsRejected() throws IOException {
    String unique = "airlock-" + UUID.randomUUID();
    Path archive = tar(tmp.resolve("link.tar"), out -> {
      symlink(out, "a", "/tmp");
      file(out, "a/" + unique, "through the link");
      symlink(out, "o", outside.toString());
      file(out, "o/x", "through the link");
    });
    rejects(archive);
    assertFalse(Files.exists(Path.of("/tmp", unique)));
    assertFalse(Files.exists(outside.resolve("x")));
  }

  @Test
  void writingThroughAnInsideSymlinkIsRejected() throws IOException {
    Path archive = tar(tmp.resolve("link.tar.gz"), out -> {
      dir(out, "sub/", 0755);
      symlink(out, "a", "sub");
      file(out, "a/x", "through the link");
    });
    assertMessage(rejects(archive), "'a/x'", "parent 'a' is a symlink");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "..", "d/../../outside", "/etc", "C:/x", "..\\outside"})
  void symlinksLeadingOutAreRejected(String target) throws IOException {
    Path archive = tar(tmp.resolve("link.tar"), out -> {
      file(out, "d/ok.txt", "ok");
      symlink(out, "l", target);
    });
    assertMessage(rejects(archive), "'l'");
  }

  @Test
  void aSymlinkEscapingThroughAnotherSymlinkIsRejected() throws IOException {
    // Lexically "a/.." is the destination itself; with a -> d/e, the kernel reads it as d.
    // With a -> . it would be the destination's parent.
    Path archive = tar(tmp.resolve("chain.tar"), out -> {
      symlink(out, "a", ".");
      symlink(out, "b", "a/../outside");
    });
    assertMessage(rejects(archive), "'b'", "leads outside");
  }

  @Test
  void symlinkLoopsAreRejected() throws IOException {
    Path archive = tar(tmp.resolve("loop.tar"), out -> {
      symlink(out, "l1", "l2/x");
      symlink(out, "l2", "l1/x");
    });
    assertMessage(rejects(archive), "loop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "/etc"})
  void zipSymlinksLeadingOutAreRejected(String target) throws IOException {
    Path archive = zip(tmp.resolve("link.zip"), out -> {
      zipSymlink(out, "l", target);
      zipFile(out, "l/x", "through the link");
    });
    assertMessage(rejects(archive), "'l'");
  }

  // ---- round 3: .git folders, recursive links, Windows-hazard names ----------------------------

  static Stream<Arguments> gitFolderSpellings() {
    List<String> names = List.of(".git", ".GIT", ".Git", ".git ", ".git.", ".git. .", "git~1", "GIT~1",
        ".git::$INDEX_ALLOCATION", ".git:$DATA", ".g\u200cit");
    return Stream.of("git.zip", "git.tar.gz")
        .flatMap(archive -> names.stream().map(name -> Arguments.of(archive, name)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("gitFolderSpellings")
  void gitFoldersInEverySpellingAreRejected(String archiveName, String git) throws IOException {
    Path archive = tmp.resolve(archiveName);
    String evil = "x/" + git + "/config";
    if (archiveName.endsWith(".zip")) {
      rawZip(archive, List.of(RawEntry.of("x/ok.txt", "ok"),
          RawEntry.of(evil, "[core]\n\tfsmonitor = touch /tmp/pwned\n")));
    } else {
      tar(archive, out -> {
        file(out, "x/ok.txt", "ok");
        file(out, evil, "[core]\n\tfsmonitor = touch /tmp/pwned\n");
      });
    }
    assertMessage(rejects(archive), archiveName, ".git");
  }

  @ParameterizedTest
  @ValueSource(strings = {"d/x -> .", "d/x -> ..", "x -> d/..", "d/e/x -> ../../d", "d/x -> ../d", "x -> ./",
      "d/x -> ../d/."})
  void linksToTheirOwnFolderOrAnAncestorAreRejected(String link) throws IOException {
    String[] parts = link.split(" -> ");
    Path archive = tar(tmp.resolve("self.tar"), out -> {
      file(out, "d/e/ok.txt", "ok");
      symlink(out, parts[0], parts[1]);
    });
    assertMessage(rejects(archive), EntryPath.display(parts[0]), "recursive");
  }

  @Test
  void linksThatMakeACycleTogetherAreRejected() throws IOException {
    // Neither link names an ancestor of itself, but a/x/y/x/y/... never ends.
    Path archive = tar(tmp.resolve("cycle.tar"), out -> {
      file(out, "a/ok.txt", "ok");
      file(out, "b/ok.txt", "ok");
      symlink(out, "a/x", "../b");
      symlink(out, "b/y", "../a");
    });
    assertMessage(rejects(archive), "recursive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"CON", "con.txt", "NUL", "aux.c", "COM1", "lpt9.log", "a:b", "trail.", "trail ",
      "PRN.tar.gz", "conin$", "COM\u00b9"})
  void windowsHazardNamesAreRejected(String name) throws IOException {
    Path archive = tar(tmp.resolve("win.tar"), out -> {
      file(out, "ok.txt", "ok");
      file(out, "d/" + name, "x");
    });
    assertMessage(rejects(archive), "Windows");
  }

  @ParameterizedTest
  @ValueSource(strings = {"console.txt", "nullable", "com10", "lpt", "auxiliary.c", ".gitignore", ".github",
      "git~2x", "a.b", "...x", "gitx"})
  void namesThatOnlyLookLikeHazardsAreKept(String name) throws IOException {
    Path archive = tar(tmp.resolve("fine.tar"), out -> file(out, "d/" + name, "x"));
    assertEquals(List.of("d/" + name), extract(archive));
  }

  // ---- case 55: hardlinks --------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "/etc/passwd", "../outside/keep.txt", "../outside", "later.txt", "dir", "sym"})
  void hardlinksToAnythingButAnEarlierFileAreRejected(String target) throws IOException {
    Path archive = tar(tmp.resolve("hard.tar"), out -> {
      dir(out, "dir/", 0755);
      symlink(out, "sym", "dir");
      hardlink(out, "h", target);
      file(out, "later.txt", "later");
    });
    assertMessage(rejects(archive), "'h'", "hardlink");
    if (POSIX) {
      assertEquals(1, Files.getAttribute(outside.resolve("keep.txt"), "unix:nlink"));
    }
  }

  @Test
  void aHardlinkToAnEarlierFileBecomesAnIndependentCopy() throws IOException {
    Path archive = tar(tmp.resolve("hard.tgz"), out -> {
      file(out, "bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755);
      hardlink(out, "bin/alias", "bin/tool");
    });
    assertEquals(List.of("bin/alias", "bin/tool"), extract(archive));
    Path tool = dest.resolve("bin/tool");
    Path alias = dest.resolve("bin/alias");
    assertEquals("#!/bin/sh\n", Files.readString(alias));
    assertFalse(Files.isSameFile(tool, alias));
    if (POSIX) {
      assertEquals(1, Files.getAttribute(tool, "unix:nlink"));
      assertEquals("rwxr-xr-x", mode(alias));
    }
  }

  // ---- case 58: devices, FIFOs, mode bits ----------------------------------------------------

  @ParameterizedTest
  @ValueSource(bytes = {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO})
  void devicesAndFifosAreRejected(byte type) throws IOException {
    Path archive = tar(tmp.resolve("dev.tar"), out -> {
      file(out, "ok.txt", "ok");
      special(out, "dev/thing", type);
    });
    assertMessage(rejects(archive), "'dev/thing'", "device");
  }

  @Test
  void unknownTarEntryTypesAreRejected() throws IOException {
    Path archive = tar(tmp.resolve("odd.tar"), out -> special(out, "volume", (byte) 'V'));
    assertMessage(rejects(archive), "unsupported entry type 'V'");
  }

  @ParameterizedTest
  @ValueSource(ints = {0020644, 0060644, 0010644, 0140644})
  void zipDevicesFifosAndSocketsAreRejected(int unixMode) throws IOException {
    Path archive =
        zip(tmp.resolve("dev.zip"), out -> zipEntry(out, "thing", new byte[0], unixMode));
    assertMessage(rejects(archive), "'thing'", "not allowed");
  }

  @Test
  void setuidSetgidAndStickyBitsAreStrippedAndTheExecBitKept() throws IOException {
    assumeTrue(POSIX);
    Path archive = tar(tmp.resolve("modes.tar"), out -> {
      dir(out, "shared/", 01777);
      file(out, "shared/suid", "s".getBytes(StandardCharsets.UTF_8), 04755);
      file(out, "shared/sgid", "g".getBytes(StandardCharsets.UTF_8), 02644);
      file(out, "shared/world", "w".getBytes(StandardCharsets.UTF_8), 0666);
      file(out, "shared/private", "p".getBytes(StandardCharsets.UTF_8), 0700);
    });
    extract(archive);
    assertEquals("rwxr-xr-x", mode(dest.resolve("shared")));
    assertEquals("rwxr-xr-x", mode(dest.resolve("shared/suid")));
    assertEquals("rw-r--r--", mode(dest.resolve("shared/sgid")));
    assertEquals("rw-r--r--", mode(dest.resolve("shared/world")));
    assertEquals("rwxr-xr-x", mode(dest.resolve("shared/private")));
    assertEquals(0100755, Files.getAttribute(dest.resolve("shared/suid"), "unix:mode"));
    assertEquals(0100644, Files.getAttribute(dest.resolve("shared/sgid"), "unix:mode"));
    assertEquals(0040755, Files.getAttribute(dest.resolve("shared"), "unix:mode"));
  }

  // ---- case 59: bombs ------------------------------------------------------------------------

  @Test
  void anOverlappingZipIsRejectedBeforeWritingAnything() throws IOException {
    List<RawEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(new RawEntry("copy" + i, i == 0 ? zeros(1 << 20) : null, 1 << 20, i > 0));
    }
    Path bomb = rawZip(tmp.resolve("overlap.zip"), entries);
    assertMessage(rejects(bomb), "'copy1'", "overlapping");
  }

  @Test
  void zipSizesInHeadersAreNotTrusted() throws IOException {
    // Declares 10 bytes, inflates to 3 MiB.
    Path liar = rawZip(tmp.resolve("liar.zip"),
        List.of(new RawEntry("small.txt", zeros(3 << 20), 10, false)));
    SafeExtractor capped = new SafeExtractor(new Limits(1 << 20, 100, 1_000_000));
    assertMessage(rejects(capped, liar), "'small.txt'", "size limit");
  }

  @Test
  void aGzipExpandingPastTheSizeCapIsAborted() throws IOException {
    Path bomb = tar(tmp.resolve("big.tar.gz"), out -> {
      file(out, "fine.txt", "fine");
      file(out, "zeros.bin", zeros(3 << 20), 0644);
    });
    SafeExtractor capped = new SafeExtractor(new Limits(1 << 20, 100, 1_000_000));
    assertMessage(rejects(capped, bomb), "'zeros.bin'", "size limit");
  }

  @Test
  void skippedTarBodiesCountTowardsTheCaps() throws IOException {
    // A symlink entry with a 3 MiB body: nothing is written, but it must still be inflated.
    Path bomb = gzippedSymlinkWithBody(tmp.resolve("skipped.tar.gz"), "l", "x", zeros(3 << 20));
    SafeExtractor capped = new SafeExtractor(new Limits(1 << 20, 100, 1_000_000));
    assertMessage(rejects(capped, bomb), "size limit");
  }

  @Test
  void theRatioCapAppliesOnlyPastOneMiB() throws IOException {
    SafeExtractor strict = new SafeExtractor(new Limits(1L << 40, 100, 10));
    Path small = tar(tmp.resolve("small.tar.gz"), out -> file(out, "z", zeros(512 << 10), 0644));
    assertEquals(List.of("z"), strict.extract(small, "small.tar.gz", tmp.resolve("small")));

    Path big = tar(tmp.resolve("big.tar.gz"), out -> file(out, "z", zeros(3 << 20), 0644));
    assertMessage(rejects(strict, big), "'z'", "ratio limit");
    Path bigZip = zip(tmp.resolve("big.zip"), out -> zipEntry(out, "z", zeros(3 << 20), 0100644));
    assertMessage(rejects(strict, bigZip), "'z'", "ratio limit");
  }

  @Test
  void theEntryCapCountsEveryEntry() throws IOException {
    SafeExtractor five = new SafeExtractor(new Limits(1L << 30, 5, 1000));
    Path atCap = tar(tmp.resolve("five.tar"), out -> {
      dir(out, "d/", 0755);
      for (int i = 0; i < 4; i++) {
        file(out, "d/" + i, "x");
      }
    });
    assertEquals(4, five.extract(atCap, "five.tar", tmp.resolve("five")).size());

    Path tarOver = tar(tmp.resolve("six.tar"), out -> {
      dir(out, "d/", 0755);
      for (int i = 0; i < 5; i++) {
        file(out, "d/" + i, "x");
      }
    });
    assertMessage(rejects(five, tarOver), "entry limit");
    Path zipOver = zip(tmp.resolve("six.zip"), out -> {
      for (int i = 0; i < 6; i++) {
        zipFile(out, "f" + i, "x");
      }
    });
    assertMessage(rejects(five, zipOver), "entry limit");
  }

  // ---- duplicates and conflicts --------------------------------------------------------------

  @Test
  void duplicateTarEntriesAreRejected() throws IOException {
    Path archive = tar(tmp.resolve("dup.tar"), out -> {
      file(out, "a.txt", "first");
      file(out, "./a.txt", "second");
    });
    assertMessage(rejects(archive), "'./a.txt'", "duplicate");
  }

  @Test
  void duplicateZipEntriesAreRejected() throws IOException {
    Path archive = zip(tmp.resolve("dup.zip"), out -> {
      zipFile(out, "a.txt", "first");
      zipFile(out, "a.txt", "second");
    });
    assertMessage(rejects(archive), "'a.txt'", "duplicate");
  }

  @Test
  void namesThatDifferOnlyInCaseAreRejectedNamingBoth() throws IOException {
    Path archive = tar(tmp.resolve("case.tar.gz"), out -> {
      file(out, "README", "upper");
      file(out, "readme", "lower");
    });
    assertMessage(rejects(archive), "'README' and 'readme' differ only in case", "macOS", "Windows");
    Path folders = zip(tmp.resolve("case.zip"), out -> {
      zipFile(out, "Docs/a.txt", "1");
      zipFile(out, "docs/b.txt", "2");
    });
    assertMessage(rejects(folders), "'Docs' and 'docs' differ only in case");
  }

  @Test
  void namesThatDifferOnlyInUnicodeNormalisationAreRejected() throws IOException {
    String nfc = "caf\u00e9.txt";
    String nfd = "cafe\u0301.txt";
    Path archive = tar(tmp.resolve("nfd.tar"), out -> {
      file(out, nfc, "composed");
      file(out, nfd, "decomposed");
    });
    assertMessage(rejects(archive), "differ only in Unicode normalisation");
  }

  @Test
  void withCaseCollisionsAllowedBothNamesOfAPairAreWrittenAndEveryOtherCheckStays() throws IOException {
    SafeExtractor linuxOnly = new SafeExtractor(Limits.DEFAULT.withCaseCollisions(true));
    Path archive = tar(tmp.resolve("pairs.tar.gz"), out -> {
      file(out, "README", "upper");
      file(out, "readme", "lower");
      file(out, "Docs/a.txt", "1");
      file(out, "docs/b.txt", "2");
      file(out, "caf\u00e9.txt", "composed");
      file(out, "cafe\u0301.txt", "decomposed");
    });
    assertEquals(List.of("Docs/a.txt", "README", "cafe\u0301.txt", "caf\u00e9.txt", "docs/b.txt", "readme"),
        linuxOnly.extract(archive, "pairs.tar.gz", dest));
    assertEquals("upper", Files.readString(dest.resolve("README")));
    assertEquals("lower", Files.readString(dest.resolve("readme")));
    assertEquals("decomposed", Files.readString(dest.resolve("cafe\u0301.txt")));
    AtomicFiles.deleteTree(dest);
    Path duplicate = tar(tmp.resolve("dup.tar"), out -> {
      file(out, "README", "first");
      file(out, "README", "second");
    });
    assertMessage(rejects(linuxOnly, duplicate), "'README'", "duplicate");
    Path dotGit = tar(tmp.resolve("dotgit.tar"), out -> {
      file(out, ".git/config", "a");
      file(out, ".GIT/config", "b");
    });
    assertMessage(rejects(linuxOnly, dotGit), ".git");
    Path windows = zip(tmp.resolve("con.zip"), out -> zipFile(out, "CON", "x"));
    assertMessage(rejects(linuxOnly, windows), "device name");
  }

  @Test
  void aPathUsedAsTwoKindsIsRejected() throws IOException {
    Path fileThenDir = tar(tmp.resolve("kinds1.tar"), out -> {
      file(out, "a", "file");
      file(out, "a/b", "below a file");
    });
    assertMessage(rejects(fileThenDir), "'a/b'", "parent 'a' is a file");
    Path dirThenLink = tar(tmp.resolve("kinds2.tar"), out -> {
      file(out, "a/b", "in a folder");
      symlink(out, "a", "elsewhere");
    });
    assertMessage(rejects(dirThenLink), "'a'", "duplicate");
  }

  // ---- ordinary archives ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"ok.tar.gz", "OK.TGZ", "ok.tar"})
  void aTarRoundTrips(String name) throws IOException {
    String longName = "lib/" + "deep/".repeat(30) + "long-name.txt";
    Path archive = tar(tmp.resolve(name), out -> {
      globalPaxComment(out, "0123456789abcdef0123456789abcdef01234567");
      dir(out, "./", 0755);
      dir(out, "./lib/", 0755);
      file(out, "./lib/tool.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755);
      file(out, "lib/data/nested/x.txt", "nested");
      file(out, longName, "long");
      file(out, "lib/ünïcödé.txt", "utf-8");
      symlink(out, "bin/tool", "../lib/tool.sh");
      symlink(out, "lib/up", "../lib/data");
      hardlink(out, "lib/tool-copy.sh", "lib/tool.sh");
    });
    List<String> files = extract(archive);
    assertEquals(List.of("lib/data/nested/x.txt", longName, "lib/tool-copy.sh", "lib/tool.sh",
        "lib/ünïcödé.txt"), files);
    assertEquals("#!/bin/sh\necho hi\n", Files.readString(dest.resolve("lib/tool.sh")));
    assertEquals("nested", Files.readString(dest.resolve("lib/data/nested/x.txt")));
    assertEquals("long", Files.readString(dest.resolve(longName)));
    assertEquals("utf-8", Files.readString(dest.resolve("lib/ünïcödé.txt")));
    assertEquals(Path.of("../lib/tool.sh"), Files.readSymbolicLink(dest.resolve("bin/tool")));
    assertEquals("#!/bin/sh\necho hi\n", Files.readString(dest.resolve("bin/tool")));
    assertTrue(Files.isSymbolicLink(dest.resolve("lib/up")));
    assertFalse(Files.exists(dest.resolve("pax_global_header")));
    if (POSIX) {
      assertEquals("rwxr-xr-x", mode(dest.resolve("lib/tool.sh")));
      assertEquals("rw-r--r--", mode(dest.resolve("lib/data/nested/x.txt")));
      assertEquals("rwxr-xr-x", mode(dest.resolve("lib/data/nested")));
    }
  }

  @Test
  void aZipRoundTrips() throws IOException {
    Path archive = zip(tmp.resolve("ok.zip"), out -> {
      zipFile(out, "lib/data/x.txt", "nested, before its folder's entry");
      zipEntry(out, "lib/", new byte[0], 0040755);
      zipEntry(out, "lib/tool.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0100755);
      zipSymlink(out, "bin/tool", "../lib/tool.sh");
      zipFile(out, "README", "readme");
    });
    assertEquals(List.of("README", "lib/data/x.txt", "lib/tool.sh"), extract(archive));
    assertEquals("nested, before its folder's entry",
        Files.readString(dest.resolve("lib/data/x.txt")));
    assertEquals(Path.of("../lib/tool.sh"), Files.readSymbolicLink(dest.resolve("bin/tool")));
    assertEquals("#!/bin/sh\n", Files.readString(dest.resolve("bin/tool")));
    if (POSIX) {
      assertEquals("rwxr-xr-x", mode(dest.resolve("lib/tool.sh")));
      assertEquals("rw-r--r--", mode(dest.resolve("README")));
    }
  }

  @Test
  void aCorruptArchiveFailsCleanly() throws IOException {
    Path good = tar(tmp.resolve("good.tar.gz"), out -> file(out, "a", zeros(200_000), 0644));
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    Files.delete(good);
    assertMessage(rejects(truncated), "cut.tar.gz");
  }

  // ---- formats and cleanup -------------------------------------------------------------------

  @Test
  void onlyFourArchiveTypesAreSupported() {
    for (String yes : List.of("a.tar.gz", "a.TGZ", "a.tar", "A.Zip")) {
      assertTrue(SafeExtractor.supports(yes), yes);
    }
    for (String no : List.of("a.jar", "a.whl", "a.gz", "a.tar.bz2", "a.zip.txt", "tar", "")) {
      assertFalse(SafeExtractor.supports(no), no);
    }
  }

  @Test
  void anUnknownTypeIsRefusedWithoutTouchingTheDestination() throws IOException {
    Path archive = zip(tmp.resolve("lib.jar"), out -> zipFile(out, "a", "a"));
    FetchException e = assertThrows(FetchException.class,
        () -> extractor.extract(archive, "lib.jar", dest));
    assertMessage(e, "'lib.jar'", "unknown archive type");
    assertFalse(Files.exists(dest));
  }

  @Test
  void cleanupDeletesSymlinksWithoutFollowingThem() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("doomed/sub"));
    Files.createSymbolicLink(dir.resolve("to-outside"), outside);
    Files.createSymbolicLink(dir.resolve("to-file"), outside.resolve("keep.txt"));
    SafeExtractor.deleteTree(tmp.resolve("doomed"), true);
    assertFalse(Files.exists(tmp.resolve("doomed"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("original", Files.readString(outside.resolve("keep.txt")));
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, -1));
  }

  // ---- entry names, unit level (the tree also refuses paths resolving outside, so these
  //      pin the first line of defence on its own) ------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "/x", "C:x", "c:/x", "a\\b", "a\0b", ""})
  void entryPathRefusesEscapesAndAmbiguousForms(String name) {
    assertThrows(ExtractionFailure.class, () -> EntryPath.normalise(name));
  }

  @Test
  void entryPathNormalisesHarmlessForms() {
    assertEquals("a/b/c", EntryPath.normalise("./a//b/./c/"));
    assertEquals("", EntryPath.normalise("./"));
    assertEquals("x..y/..z", EntryPath.normalise("x..y/..z"));
    assertEquals("../lib/x", EntryPath.linkTarget("bin/x", "../lib/x"));
    assertThrows(ExtractionFailure.class, () -> EntryPath.linkTarget("l", "/etc"));
  }

  @Test
  void namesInMessagesAreEscapedAndShortened() {
    assertEquals("'a\\x1b[31m\\x0a'", EntryPath.display("a\u001b[31m\n"));
    String shown = EntryPath.display("x".repeat(1000));
    assertTrue(shown.length() < 200 && shown.endsWith("...'"), shown);
  }
}
