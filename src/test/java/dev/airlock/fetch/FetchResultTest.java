package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.engine.FetchEngine;
import dev.airlock.engine.NetworkSettings;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FetchService#fetch} returns the lock the run left, so a caller (the {@code --json}
 * document) never reads {@code fetch.lock} back: after a full run, a no-op, an update and a
 * frozen run it is the lock on disk.
 */
class FetchResultTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  volatile String version = "v1";

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer(r -> new MockResponse.Builder().body(version + " of " + r.getUrl().encodedPath()).build());
    TLS.writeCa(project);
    StringBuilder y = new StringBuilder("version: 1\ntls: { caCerts: [ca.pem] }\nsources:\n");
    for (String name : List.of("one", "two")) {
      y.append("  - { name: ").append(name).append(", credentials: none, http: { url: '")
          .append(server.url("/" + name + ".bin")).append("' } }\n");
    }
    Files.writeString(project.resolve("fetch.yaml"), y);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** A fetch through the standard set-up, as {@code airlock fetch} runs it. */
  FetchResult fetch(FetchOptions options) throws Exception {
    Environment env = new Environment(Map.of("AIRLOCK_CACHE", home.resolve("cache").toString()), home, project);
    Manifest m = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", env);
    try (FetchEngine engine = FetchEngine.open(env, new SecretRegistry(), m,
        new NetworkSettings(List.of(), Optional.empty(), Optional.empty(), Optional.empty()), FetchListener.NONE,
        w -> {}, d -> {})) {
      return engine.fetch(options);
    }
  }

  Lock onDisk() {
    return LockFile.read(project.resolve("fetch.lock")).orElseThrow();
  }

  @Test
  void theResultCarriesTheLockTheRunWrote() throws Exception {
    FetchResult first = fetch(FetchOptions.defaults());
    assertEquals(onDisk(), first.lock());
    assertEquals(List.of("one", "two"), first.outcomes().stream().map(SourceOutcome::name).toList());
    assertEquals(2, first.fetched());
    assertEquals(2, first.files());
    assertEquals(first.lock().allFiles().size(), first.files());
    assertTrue(first.bytes() > 0);

    FetchResult again = fetch(FetchOptions.defaults());
    assertEquals(0, again.fetched(), "nothing changed: every source is up to date");
    assertEquals(onDisk(), again.lock());

    version = "v2";
    FetchResult updated = fetch(new FetchOptions(false, false, 2, Optional.of(Set.of("two"))));
    assertEquals(1, updated.fetched());
    assertEquals(onDisk(), updated.lock());
    assertNotEquals(first.lock(), updated.lock(), "the new content of two is locked");
    assertEquals(first.lock().entry("one"), updated.lock().entry("one"));
  }

  @Test
  void aFrozenRunCarriesTheLockItKept() throws Exception {
    fetch(FetchOptions.defaults());
    String lockBytes = Files.readString(project.resolve("fetch.lock"));
    Path vendored = project.resolve("vendor").resolve(onDisk().entry("one").orElseThrow().files().firstKey());
    Files.delete(vendored);
    FetchResult frozen = fetch(new FetchOptions(true, false, 2, Optional.empty()));
    assertEquals(1, frozen.fetched(), "the missing file is fetched again by its pin");
    assertTrue(Files.exists(vendored));
    assertEquals(lockBytes, Files.readString(project.resolve("fetch.lock")));
    assertEquals(onDisk(), frozen.lock());
    assertFalse(frozen.outcomes().get(0).upToDate());
  }
}
