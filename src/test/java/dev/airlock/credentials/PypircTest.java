package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.UsageException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** .pypirc as twine's RawConfigParser reads it. */
class PypircTest {
  static final String FILE = """
      [distutils]
      index-servers =
          pypi
          corp

      [DEFAULT]
      username = shared-user

      [pypi]
      username = __token__
      password = pypi-AgEtoken

      ; a comment
      [corp]
      repository: https://pypi.corp.example/legacy/
      Password = %corp-pw-with = and : in it
      """;

  @Test
  void sectionsKeysAndTheDefaultSection() {
    Pypirc p = Pypirc.parse(FILE, ".pypirc");
    assertTrue(p.hasSection("corp") && p.hasSection("pypi") && !p.hasSection("DEFAULT") && !p.hasSection("nope"));
    assertEquals(Optional.of("__token__"), p.get("pypi", "username"));
    assertEquals(Optional.of("pypi-AgEtoken"), p.get("pypi", "password"));
    assertEquals(Optional.of("%corp-pw-with = and : in it"), p.get("corp", "password"),
        "keys fold to lower case; the first = or : splits; no interpolation");
    assertEquals(Optional.of("shared-user"), p.get("corp", "username"), "[DEFAULT] is inherited");
    assertEquals(Optional.of("https://pypi.corp.example/legacy/"), p.get("corp", "repository"));
    assertEquals(Optional.of("\npypi\ncorp"), p.get("distutils", "index-servers").map(v -> "\n" + v.strip()),
        "indented lines continue a value");
  }

  @Test
  void duplicatesAndStrayLinesAreErrorsThatNameTheLineNotTheValue() {
    UsageException dup = assertThrows(UsageException.class,
        () -> Pypirc.parse("[a]\npassword = one-secret\npassword = two-secret\n", "f"));
    assertTrue(dup.getMessage().startsWith("f:3:"), dup.getMessage());
    assertThrows(UsageException.class, () -> Pypirc.parse("[a]\n[a]\n", "f"));
    UsageException stray = assertThrows(UsageException.class, () -> Pypirc.parse("[a]\nstray-secret-line\n", "f"));
    assertFalse(stray.getMessage().contains("stray-secret"), stray.getMessage());
    assertThrows(UsageException.class, () -> Pypirc.parse("password = x\n[a]\n", "f"));
  }

  @Test
  void urlsWithUserinfoAreRecognised() {
    assertTrue(FileCredentials.embedsCredentials("https://u:p@pypi.corp.example/simple"));
    assertTrue(FileCredentials.embedsCredentials("https://token@pypi.corp.example/"));
    assertFalse(FileCredentials.embedsCredentials("https://pypi.corp.example/simple?x=a@b"));
    assertTrue(FileCredentials.embedsCredentials("https://u:p/w@pypi.corp.example/"), "an unencoded / in the password");
  }
}
