package dev.airlock.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.FetchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-file placement into a shared folder: all or nothing, and only the source's own files go. */
class VendorCommitterTest {
  @TempDir Path vendor;
  @TempDir Path work;
  @TempDir Path staging;

  void stage(String path, String content) throws Exception {
    Files.createDirectories(staging.resolve(path).getParent());
    Files.writeString(staging.resolve(path), content);
  }

  void vendored(String path, String content) throws Exception {
    Files.createDirectories(vendor.resolve(path).getParent());
    Files.writeString(vendor.resolve(path), content);
  }

  @Test
  void placesFilesReplacingOldOnesAndRemovesObsoleteOnes() throws Exception {
    vendored("pypi/a-1.0.whl", "old a");
    vendored("pypi/a-0.9.whl", "older a");
    vendored("pypi/other-2.0.whl", "other source");
    stage("pypi/a-1.0.whl", "new a");
    stage("pypi/a-1.0.tar.gz", "new sdist");
    VendorCommitter c = new VendorCommitter(vendor, work);
    c.placeFiles(List.of("pypi/a-1.0.tar.gz", "pypi/a-1.0.whl"), staging, List.of("pypi/a-0.9.whl"));
    c.cleanUp();
    assertEquals("new a", Files.readString(vendor.resolve("pypi/a-1.0.whl")));
    assertEquals("new sdist", Files.readString(vendor.resolve("pypi/a-1.0.tar.gz")));
    assertEquals("other source", Files.readString(vendor.resolve("pypi/other-2.0.whl")));
    assertFalse(Files.exists(vendor.resolve("pypi/a-0.9.whl")));
  }

  @Test
  void aFailedMoveRestoresEveryFileAlreadyMoved() throws Exception {
    vendored("pypi/a-1.0.whl", "old a");
    stage("pypi/a-1.0.whl", "new a");
    stage("pypi/b-1.0.whl", "new b");
    // The third staged file is missing: its move fails after two have been placed.
    VendorCommitter c = new VendorCommitter(vendor, work);
    assertThrows(FetchException.class, () -> c.placeFiles(
        List.of("pypi/a-1.0.whl", "pypi/b-1.0.whl", "pypi/c-1.0.whl"), staging, List.of()));
    assertEquals("old a", Files.readString(vendor.resolve("pypi/a-1.0.whl")), "the replaced file is back");
    assertFalse(Files.exists(vendor.resolve("pypi/b-1.0.whl")), "the new file is gone again");
    try (var s = Files.list(vendor.resolve("pypi"))) {
      assertEquals(1, s.count());
    }
    assertTrue(Files.exists(vendor.resolve("pypi/a-1.0.whl")));
  }

  @TempDir Path victim;

  @Test
  void round3_aSymlinkedFolderInVendorIsNeverWrittenOrDeletedThrough() throws Exception {
    Files.createDirectories(victim.resolve("x"));
    Files.writeString(victim.resolve("x/keep"), "victim");
    Files.writeString(victim.resolve("y.whl"), "victim");
    Files.createSymbolicLink(vendor.resolve("files"), victim);
    Files.createSymbolicLink(vendor.resolve("pypi"), victim);
    stage("files/x/new", "new");
    stage("pypi/y.whl", "new");
    VendorCommitter c = new VendorCommitter(vendor, work);
    FetchException replace = assertThrows(FetchException.class, () -> c.replace("files/x", staging.resolve("files/x")));
    assertTrue(replace.getMessage().contains("symlink"), replace.getMessage());
    assertThrows(FetchException.class, () -> c.placeFiles(List.of("pypi/y.whl"), staging, List.of()));
    assertThrows(FetchException.class, () -> c.prune(List.of("files/x/keep")));
    assertThrows(FetchException.class, () -> c.prune(List.of("pypi/y.whl")));
    c.rollBack();
    c.cleanUp();
    assertEquals("victim", Files.readString(victim.resolve("x/keep")));
    assertEquals("victim", Files.readString(victim.resolve("y.whl")));
    try (var s = Files.list(victim)) {
      assertEquals(2, s.count());
    }
  }

  @Test
  void round3_pathsLeavingTheVendorDirAreRefused() throws Exception {
    Files.writeString(victim.resolve("keep"), "victim");
    VendorCommitter c = new VendorCommitter(vendor.resolve("v"), work);
    String rel = "../" + vendor.relativize(victim).toString() + "/keep";
    assertThrows(FetchException.class, () -> c.prune(List.of(rel)));
    assertThrows(FetchException.class, () -> c.prune(List.of(victim.resolve("keep").toString())));
    c.rollBack();
    c.cleanUp();
    assertEquals("victim", Files.readString(victim.resolve("keep")));
  }
}
