package dev.airlock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.testing.ManifestSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's manifest is valid against {@code schema/fetch.schema.json}. */
class DemoManifestSchemaTest {
  @Test
  void demoManifestMatchesTheSchema() {
    assertEquals(List.of(), ManifestSchema.errors(DemoManifest.render(8443, DemoArtifacts.build(), "ssh://git@127.0.0.1:2222/demo/config.git")));
  }
}
