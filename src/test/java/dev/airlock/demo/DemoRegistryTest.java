package dev.airlock.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRegistryTest {
  @TempDir Path work;

  private DemoRegistry registry;
  private OkHttpClient client;
  private String password;
  private String token;

  @BeforeEach
  void start() throws IOException {
    registry = DemoRegistry.start(work);
    HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(Certificates.decodeCertificatePem(Files.readString(work.resolve("ca.pem"))))
        .build();
    client = new OkHttpClient.Builder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .build();
    // Read the secrets the way airlock will: from the files, not from the registry object.
    String[] netrc = Files.readString(work.resolve("netrc")).trim().split("\\s+");
    assertEquals(List.of("machine", "127.0.0.1", "login", "demo", "password"),
        List.of(netrc).subList(0, 5));
    password = netrc[5];
    token = Files.readString(work.resolve("token"));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void writesReadyFileAndSecretsOnlyReadableByOwner() throws IOException {
    assertEquals(registry.port() + "\n", Files.readString(work.resolve("ready")));
    for (String secretFile : List.of("netrc", "token", "ssh_key", "ssh_passphrase")) {
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(work.resolve(secretFile))), secretFile);
    }
    assertTrue(password.length() >= 32 && token.length() >= 40, "random secrets of useful length");
    String manifest = Files.readString(work.resolve("fetch.yaml"));
    assertFalse(manifest.contains(password), "fetch.yaml holds no password");
    assertFalse(manifest.contains(token), "fetch.yaml holds no token");
  }

  @Test
  void basicRealmWantsTheNetrcLogin() throws IOException {
    String path = "/basic/" + DemoArtifacts.INTERNAL_LIB;
    try (Response r = get(path, null)) {
      assertEquals(401, r.code());
      assertEquals("Basic realm=\"demo\"", r.header("WWW-Authenticate"));
    }
    assertEquals(401, status(path, Credentials.basic("demo", password + "x")));
    assertEquals(401, status(path, "Bearer " + token));
    try (Response r = get(path, Credentials.basic("demo", password))) {
      assertEquals(200, r.code());
      assertEquals(manifestSha256("internal-lib"), DemoArtifacts.sha256(r.body().bytes()));
    }
  }

  @Test
  void bearerRealmWantsTheToken() throws IOException {
    String path = "/bearer/" + DemoArtifacts.MODEL;
    try (Response r = get(path, null)) {
      assertEquals(401, r.code());
      assertEquals("Bearer realm=\"demo\"", r.header("WWW-Authenticate"));
    }
    assertEquals(401, status(path, "Bearer " + token.substring(1)));
    assertEquals(401, status(path, Credentials.basic("demo", password)));
    try (Response r = get(path, "Bearer " + token)) {
      assertEquals(200, r.code());
      assertEquals(manifestSha256("model"), DemoArtifacts.sha256(r.body().bytes()));
    }
  }

  @Test
  void unknownPathsAre404() throws IOException {
    assertEquals(404, status("/basic/nope.bin", Credentials.basic("demo", password)));
    assertEquals(404, status("/other/" + DemoArtifacts.MODEL, null));
  }

  @Test
  void clientsThatDoNotTrustTheDemoCaAreRefused() {
    OkHttpClient plain = new OkHttpClient();
    Request request = new Request.Builder().url(registry.url("/basic/x")).build();
    assertThrows(SSLException.class, () -> plain.newCall(request).execute().close());
  }

  @Test
  void manifestIsYamlShapedLikeProductExample() throws IOException {
    JsonNode m = manifest();
    assertEquals(1, m.get("version").asInt());
    assertEquals("vendor", m.get("vendor").asText());
    assertEquals("ca.pem", m.at("/tls/caCerts/0").asText());
    assertTrue(m.at("/credentials/corp/netrc").isObject());
    assertEquals("token", m.at("/credentials/artifacts/token/file").asText());
    List<String> names = new ArrayList<>();
    for (JsonNode source : m.get("sources")) {
      names.add(source.get("name").asText());
      for (String key : List.of("/http/url", "/pypi/index", "/maven/repository", "/npm/registry")) {
        String url = source.at(key).asText("");
        assertTrue(url.isEmpty() || url.startsWith("https://127.0.0.1:" + registry.port() + "/"), url);
      }
    }
    assertEquals(List.of("internal-lib", "model", "design-assets", "corp-utils", "commons", "ui-kit", "config-repo"), names);
    assertEquals(registry.gitUrl(), m.at("/sources/6/git/url").asText());
    assertEquals("ssh_key", m.at("/credentials/deploy-key/ssh/key").asText());
    assertTrue(m.at("/sources/2/http/extract").asBoolean());
    assertTrue(m.at("/sources/2/http/sha256").isMissingNode());
  }

  @Test
  void artifactsAreTheSameBytesEveryRun() throws IOException {
    Map<String, byte[]> first = DemoArtifacts.build();
    Map<String, byte[]> second = DemoArtifacts.build();
    assertEquals(first.keySet(), second.keySet());
    first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name));

    List<String> entries = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
        new ByteArrayInputStream(first.get(DemoArtifacts.DESIGN_ASSETS))))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertEquals(List.of("LICENSE.txt", "css/theme.css", "img/logo.svg"), entries);
  }

  private JsonNode manifest() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(work.resolve("fetch.yaml").toFile());
  }

  private String manifestSha256(String source) throws IOException {
    for (JsonNode s : manifest().get("sources")) {
      if (s.get("name").asText().equals(source)) {
        return s.at("/http/sha256").asText();
      }
    }
    throw new AssertionError("no source " + source);
  }

  private Response get(String path, String authorization) throws IOException {
    Request.Builder request = new Request.Builder().url(registry.url(path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.newCall(request.build()).execute();
  }

  private int status(String path, String authorization) throws IOException {
    try (Response r = get(path, authorization)) {
      return r.code();
    }
  }
}
