package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.lock.LockEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Two sources whose vendored paths would be one file on macOS and Windows. */
class SharedFilesTest {
  private static final Predicate<String> NONE = name -> false;

  private static FetchedSource shared(String name, String... paths) {
    Map<String, String> files = new java.util.TreeMap<>();
    for (String p : paths) {
      files.put(p, "sha256:" + p.hashCode());
    }
    return FetchedSource.sharedFolder(name, "pypi", "pypi", Path.of("/staging"), Map.of(), files, 1);
  }

  @Test
  void pathsOfTwoSourcesThatDifferOnlyInCaseAreAFetchFailureNamingBoth() {
    LockEntry earlier = LockEntry.of("tools", "pypi", "f", Map.of(), Map.of("pypi/Foo-1.0-py3-none-any.whl", "sha256:1"));
    FetchException e = assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(
        Map.of("tools", earlier), List.of(shared("app", "pypi/foo-1.0-py3-none-any.whl")), NONE));
    assertEquals(AirlockException.FETCH_FAILED, e.exitCode());
    assertTrue(e.getMessage().startsWith("sources 'app' and 'tools': 'pypi/foo-1.0-py3-none-any.whl' and "
        + "'pypi/Foo-1.0-py3-none-any.whl' differ only in case"), e.getMessage());
  }

  @Test
  void nfcAndNfdNamesCollideAcrossSources() {
    FetchException e = assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(Map.of(),
        List.of(shared("a", "files/a/caf\u00e9.txt"), shared("b", "files/a/cafe\u0301.txt")), NONE));
    assertTrue(e.getMessage().contains("differ only in Unicode normalisation"), e.getMessage());
  }

  @Test
  void theSamePathOfTwoSourcesAndDistinctNamesPass() {
    SharedFiles.checkFoldedNames(Map.of(), List.of(shared("a", "pypi/x.whl", "pypi/y.whl"),
        shared("b", "pypi/x.whl", "pypi/readme-x.txt")), NONE);
  }

  @Test
  void aSourceThatAllowsCaseCollisionsMayHoldAPairOfItsOwn() {
    List<FetchedSource> kernel = List.of(shared("kernel", "git/kernel/README", "git/kernel/readme",
        "git/kernel/Docs/a", "git/kernel/docs/b"));
    FetchException e = assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(Map.of(), kernel, NONE));
    assertTrue(e.getMessage().startsWith("source 'kernel': "), e.getMessage());
    SharedFiles.checkFoldedNames(Map.of(), kernel, Set.of("kernel")::contains);
  }

  @Test
  void acrossSourcesAPairIsAllowedOnlyWhenEverySourceInvolvedAllowsIt() {
    List<FetchedSource> two = List.of(shared("a", "shared/README"), shared("b", "shared/readme"));
    SharedFiles.checkFoldedNames(Map.of(), two, Set.of("a", "b")::contains);
    for (Set<String> one : List.of(Set.of("a"), Set.of("b"))) {
      FetchException e = assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(Map.of(), two, one::contains));
      assertTrue(e.getMessage().startsWith("sources 'a' and 'b': 'shared/README' and 'shared/readme' differ only in case"),
          e.getMessage());
    }
    // from the lock as well as fetched now
    LockEntry locked = LockEntry.of("a", "pypi", "f", Map.of(), Map.of("shared/README", "sha256:1"));
    assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(Map.of("a", locked),
        List.of(shared("b", "shared/readme")), Set.of("b")::contains));
    // a third source that did not opt out, listing the very same path as one of the pair, is involved too
    List<FetchedSource> three = List.of(shared("a", "shared/README"), shared("b", "shared/README"),
        shared("c", "shared/readme"));
    FetchException e = assertThrows(FetchException.class,
        () -> SharedFiles.checkFoldedNames(Map.of(), three, Set.of("a", "c")::contains));
    assertTrue(e.getMessage().startsWith("sources 'c' and 'b': 'shared/readme' and 'shared/README'"), e.getMessage());
    SharedFiles.checkFoldedNames(Map.of(), three, Set.of("a", "b", "c")::contains);
  }
}
