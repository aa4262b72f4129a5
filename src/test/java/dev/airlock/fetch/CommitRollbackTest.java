package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.cache.ContentCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.AirlockException;
import dev.airlock.fetch.http.HttpFetcher;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.HttpSource;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.RetryPolicy;
import dev.airlock.net.TlsConfig;
import dev.airlock.testing.TestTls;
import dev.airlock.testing.TreeSnapshot;
import dev.airlock.placement.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging and placing across sources. Sources that own their folder share one staging folder per
 * run. Placing is all or nothing across sources: when the third source of a run cannot be placed (here
 * its staged folder vanishes, as a full disk or a Ctrl-C would make a move fail), the two already
 * swapped in are put back and the vendor dir and the lock are exactly as before the run.
 */
class CommitRollbackTest {
  static final TestTls TLS = new TestTls();
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  volatile String version = "v1";

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer(r -> new MockResponse.Builder().body(version + " of " + r.getUrl().encodedPath()).build());
    TLS.writeCa(project);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** The http fetcher, except that the staged folder of source {@code broken} is gone when placing starts. */
  static final class Breaking implements Fetcher<HttpSource> {
    private final HttpFetcher real = new HttpFetcher();
    boolean armed;
    /** Says it owns its folder (as the http fetcher does) but hands back its files to be placed one by one. */
    boolean placesFileByFile;
    final Map<String, Path> stagedIn = new ConcurrentHashMap<>();

    @Override
    public Class<HttpSource> sourceType() {
      return HttpSource.class;
    }

    @Override
    public String root(HttpSource source) {
      return real.root(source);
    }

    @Override
    public FetchedSource.Placement placement() {
      return real.placement();
    }

    @Override
    public FetchedSource fetch(HttpSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
      stagedIn.put(source.name(), staging);
      FetchedSource f = real.fetch(source, locked, staging, ctx);
      if (armed && source.name().equals("zz-broken")) {
        AtomicFiles.deleteQuietly(staging.resolve(f.root()));
      }
      return placesFileByFile ? FetchedSource.sharedFolder(f.name(), f.kind(), f.root(), f.staging(), f.resolved(),
          f.files(), f.bytes()) : f;
    }
  }

  List<SourceOutcome> fetch(Breaking fetcher) throws Exception {
    Environment env = new Environment(Map.of(), home, project);
    Manifest m = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", env);
    SecretRegistry secrets = new SecretRegistry();
    HttpTransport http = new HttpTransport(HttpTransport.defaultClient(TlsConfig.withExtraCas(m.caCerts())),
        RetryPolicy.NONE, line -> {});
    try {
      return new FetchService(new FetcherRegistry().register(fetcher), http,
          new CredentialResolver(m, env, secrets, Optional.empty(), w -> {}), new ContentCache(home.resolve("cache")),
          List.of(), FetchListener.NONE).fetch(m, FetchOptions.defaults()).outcomes();
    } finally {
      http.close();
    }
  }

  void manifest(String suffix) throws Exception {
    StringBuilder y = new StringBuilder("version: 1\ntls: { caCerts: [ca.pem] }\nsources:\n");
    for (String name : List.of("aa", "mm", "zz-broken")) {
      y.append("  - { name: ").append(name).append(", credentials: none, http: { url: '")
          .append(server.url("/" + name + suffix + ".bin")).append("' } }\n");
    }
    Files.writeString(project.resolve("fetch.yaml"), y);
  }

  @Test
  void aFailureWhilePlacingPutsBackEverySourceAlreadyPlaced() throws Exception {
    Breaking fetcher = new Breaking();
    manifest("");
    assertEquals(3, fetch(fetcher).size());
    Map<String, String> before = TreeSnapshot.of(project.resolve("vendor"), project.resolve("fetch.lock"));
    assertTrue(Files.readString(project.resolve("vendor/files/aa/aa.bin")).startsWith("v1"));

    version = "v2";
    manifest("-2"); // every source changes: all three are fetched and placed again
    fetcher.armed = true;
    AirlockException e = assertThrows(AirlockException.class, () -> fetch(fetcher));
    assertTrue(e.getMessage().contains("cannot place files/zz-broken"), e.getMessage());
    assertEquals(before, TreeSnapshot.of(project.resolve("vendor"), project.resolve("fetch.lock")),
        "sources placed before the failure were not put back");

    fetcher.armed = false;
    fetch(fetcher);
    assertTrue(Files.readString(project.resolve("vendor/files/aa/aa-2.bin")).startsWith("v2"));
  }

  @Test
  void sourcesOwningTheirFolderShareOneStagingFolder() throws Exception {
    Breaking fetcher = new Breaking();
    manifest("");
    fetch(fetcher);
    assertEquals(1, Set.copyOf(fetcher.stagedIn.values()).size(), fetcher.stagedIn.toString());
    assertEquals("stage", fetcher.stagedIn.get("aa").getFileName().toString());
    assertFalse(Files.exists(fetcher.stagedIn.get("aa")), "the run folder outlived the run");
    assertEquals(List.of("aa", "mm", "zz-broken"), List.of(project.resolve("vendor/files").toFile().list()).stream()
        .sorted().toList());
  }

  @Test
  void aSharedStagingFolderHoldsOnlySourcesThatOwnTheirFolder() throws Exception {
    Breaking fetcher = new Breaking();
    fetcher.placesFileByFile = true; // its files would lie beside the other sources' in the shared folder
    manifest("");
    AirlockException e = assertThrows(AirlockException.class, () -> fetch(fetcher));
    assertTrue(e.getMessage().contains("declares FOLDER placement but placed FILES"), e.getMessage());
    assertFalse(Files.exists(project.resolve("vendor")));
    assertFalse(Files.exists(project.resolve("fetch.lock")));
  }
}
