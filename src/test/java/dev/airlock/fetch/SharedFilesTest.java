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
import org.junit.jupiter.api.Test;

/** Two sources whose vendored paths would be one file on macOS and Windows. */
class SharedFilesTest {
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
        Map.of("tools", earlier), List.of(shared("app", "pypi/foo-1.0-py3-none-any.whl"))));
    assertEquals(AirlockException.FETCH_FAILED, e.exitCode());
    assertTrue(e.getMessage().startsWith("sources 'app' and 'tools': 'pypi/foo-1.0-py3-none-any.whl' and "
        + "'pypi/Foo-1.0-py3-none-any.whl' differ only in case"), e.getMessage());
  }

  @Test
  void nfcAndNfdNamesCollideAcrossSources() {
    FetchException e = assertThrows(FetchException.class, () -> SharedFiles.checkFoldedNames(Map.of(),
        List.of(shared("a", "files/a/caf\u00e9.txt"), shared("b", "files/a/cafe\u0301.txt"))));
    assertTrue(e.getMessage().contains("differ only in Unicode normalisation"), e.getMessage());
  }

  @Test
  void theSamePathOfTwoSourcesAndDistinctNamesPass() {
    SharedFiles.checkFoldedNames(Map.of(), List.of(shared("a", "pypi/x.whl", "pypi/y.whl"),
        shared("b", "pypi/x.whl", "pypi/readme-x.txt")));
  }
}
