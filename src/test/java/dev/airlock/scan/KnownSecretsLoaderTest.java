package dev.airlock.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.credentials.FileSecret;
import dev.airlock.credentials.Secret;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.scan.core.KnownSecret;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.SecretKind;
import dev.airlock.testing.Canary;
import dev.airlock.testing.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One known-secrets value per run, read through the credential resolver, never from the scrubber. */
class KnownSecretsLoaderTest {
  @TempDir Path project;
  @TempDir Path home;
  final String used = Canary.next("used");
  final String unused = Canary.next("unused");
  final String netrcPassword = Canary.next("netrc");
  final String proxyPassword = Canary.next("proxy");
  Environment env;
  Manifest manifest;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(home.resolve(".netrc"), "machine repo.corp.example login deploy password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(home.resolve(".netrc"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        credentials:
          a: { token: { env: USED } }
          b: { token: { env: UNUSED } }
          c: { token: { env: NOT_SET } }
        sources:
          - { name: one, credentials: a, http: { url: "https://repo.corp.example/one.bin" } }
        """);
    env = new Environment(Map.of("USED", used, "UNUSED", unused), home, project);
    manifest = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", env);
  }

  private static Map<String, SecretKind> byValue(KnownSecrets k) {
    return k.all().stream().collect(Collectors.toMap(s -> s.value().reveal(), KnownSecret::kind));
  }

  @Test
  void scanAndVerifyLookForEveryCredentialOfTheManifestAndTheDefaultNetrc() {
    SecretRegistry registry = new SecretRegistry();
    KnownSecrets k = KnownSecretsLoader.load(manifest, env, registry, Optional.empty(), w -> {});
    assertEquals(Map.of(used, SecretKind.TOKEN, unused, SecretKind.TOKEN, netrcPassword, SecretKind.NETRC_PASSWORD),
        byValue(k));
    assertEquals(1, k.unavailable().size(), k.unavailable().toString());
    assertTrue(k.unavailable().get(0).contains("NOT_SET"), k.unavailable().toString());
    for (String v : List.of(used, unused, netrcPassword)) {
      assertEquals(SecretRegistry.MASK, registry.scrub(v), "every value read is scrubbed from output");
    }
  }

  @Test
  void aMavenSettingsPrivateKeyIsAKnownSecretToo() throws Exception {
    String body = Canary.next("keybody").repeat(4);
    String keyText = Pem.armor("OPENSSH PRIVATE KEY", body).stripTrailing();
    Path key = home.resolve("deploy_key");
    Files.writeString(key, keyText + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(home.resolve(".m2"));
    Files.writeString(home.resolve(".m2/settings.xml"), "<settings><servers><server><id>git-deploy</id><privateKey>"
        + key + "</privateKey></server></servers></settings>\n");
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        credentials:
          deploy: { mavenSettings: { server: git-deploy } }
        sources:
          - { name: one, credentials: deploy, git: { url: "ssh://git@repo.corp.example/r.git", ref: v1 } }
        """);
    manifest = ManifestReader.read(project.resolve("fetch.yaml"), "fetch.yaml", env);
    KnownSecrets k = KnownSecretsLoader.load(manifest, env, new SecretRegistry(), Optional.empty(), w -> {});
    assertEquals(SecretKind.SSH_PRIVATE_KEY, byValue(k).get(keyText), k.all().toString());
  }

  @Test
  void fetchLooksForTheCredentialsItsSourcesUsedAndItsProxyLogin() {
    SecretRegistry registry = new SecretRegistry();
    CredentialResolver resolver = new CredentialResolver(manifest, env, registry, Optional.empty(), w -> {});
    resolver.preflight(CredentialRef.named("a"));
    KnownSecrets k = KnownSecretsLoader.usedBy(manifest, List.of(CredentialRef.named("a"), CredentialRef.NONE),
        resolver, List.of(new FileSecret(Secret.of(proxyPassword), Optional.of("me"))));
    assertEquals(Map.of(used, SecretKind.TOKEN, proxyPassword, SecretKind.PROXY_PASSWORD), byValue(k));
    assertEquals(List.of(), k.unavailable());
    assertEquals(unused, registry.scrub(unused), "a credential no source used is not even read");
  }
}
