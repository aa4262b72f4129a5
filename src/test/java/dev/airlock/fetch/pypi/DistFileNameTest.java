package dev.airlock.fetch.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistFileNameTest {
  static String version(String file, String project) {
    return DistFileName.parse(file, project).map(d -> d.version().canonical()).orElse("-");
  }

  @Test
  void wheels() {
    assertEquals("1.4.2", version("internal_lib-1.4.2-py3-none-any.whl", "internal-lib"));
    assertEquals("1.4.2", version("internal_lib-1.4.2-1-cp312-cp312-manylinux_2_17_x86_64.whl", "internal-lib"));
    assertEquals("2.0.0+cpu", version("torch-2.0.0+cpu-cp311-cp311-linux_x86_64.whl", "torch"));
    assertEquals("-", version("internal_lib-1.4.2-any.whl", "internal-lib"));
    assertEquals("-", version("other-1.4.2-py3-none-any.whl", "internal-lib"));
  }

  @Test
  void sdistsWhoseNameHasDashes() {
    assertEquals("1.4.2", version("internal-lib-1.4.2.tar.gz", "internal-lib"));
    assertEquals("1.4.2", version("internal_lib-1.4.2.tar.gz", "internal-lib"));
    assertEquals("1.0.post1", version("foo-bar-1.0-1.zip", "foo-bar"));
    assertEquals("-", version("internal-lib-extra-1.4.2.tar.gz", "internal-lib"));
    assertEquals("-", version("internal-lib-.tar.gz", "internal-lib"));
    assertEquals("-", version("internal-lib-1.4.2.exe", "internal-lib"));
  }

  @Test
  void unsafeNamesAreNotDistributions() {
    for (String bad : new String[] {"../x-1.0.tar.gz", ".x-1.0.tar.gz", "a/b-1.0.tar.gz", "x-1.0.tar.gz\n"}) {
      assertTrue(DistFileName.parse(bad, "x").isEmpty(), bad);
    }
    assertEquals(Optional.empty(), DistFileName.parse("x-1.0.tar.gz", "x").filter(d -> d.wheel()));
  }
}
