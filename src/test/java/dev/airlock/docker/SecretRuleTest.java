package dev.airlock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.docker.SecretRule.Tier;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tiers of the one secret rule, with names taken from real Dockerfiles and CI setups. */
class SecretRuleTest {
  private static Tier arg(String name, String value) {
    return SecretRule.variable(name, Optional.ofNullable(value), false).tier();
  }

  private static Tier env(String name, String value) {
    return SecretRule.variable(name, Optional.ofNullable(value), true).tier();
  }

  @Test
  void errorAKnownTokenFormatWhateverTheName() {
    assertEquals(Tier.ERROR, env("GH", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"));
    assertEquals(Tier.ERROR, env("X", "AKIAIOSFODNN7EXAMPLE"));
    assertEquals(Tier.ERROR, env("NPM_CONFIG", "//registry.npmjs.org/:_authToken=abc"));
    assertEquals(Tier.ERROR, env("PIP_INDEX_URL", "https://user:pw@pypi.corp.example/simple"));
    assertEquals(Tier.ERROR, env("REPO", "https://tok@github.com/corp/x.git"));
    assertEquals(Tier.ERROR, arg("GL", "glpat-abcdefghijklmnopqrstu"));
  }

  @Test
  void errorANameThatOnlyHoldsSecretsWithALiteralValue() {
    for (String name : new String[] {"NPM_TOKEN", "GITHUB_TOKEN", "DB_PASSWORD", "POSTGRES_PASSWORD",
        "MYSQL_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY", "API_KEY", "apiKey", "npmAuthToken",
        "CLIENT_SECRET", "SONAR_TOKEN", "GPG_PASSPHRASE", "GITLAB_CREDENTIALS", "STRIPE_SECRET_KEY", "SSH_PRIVATE_KEY"}) {
      assertEquals(Tier.ERROR, env(name, "s3cr3t-value"), name);
      assertEquals(Tier.ERROR, arg(name, "s3cr3t-value"), name);
    }
  }

  @Test
  void warningASecretNameWithoutAValueOrWithAPlaceholder() {
    assertEquals(Tier.WARNING, arg("NPM_TOKEN", null));
    assertEquals(Tier.WARNING, arg("AWS_SECRET_ACCESS_KEY", ""));
    assertEquals(Tier.WARNING, env("DB_PASSWORD", "changeme"));
    assertEquals(Tier.WARNING, arg("DB_PASSWORD", "${DB_PASSWORD}"));
    assertEquals(Tier.WARNING, env("NPM_TOKEN", "/run/secrets/npm"), "a path is not the secret");
  }

  @Test
  void warningANameThatOnlySuggestsASecret() {
    assertEquals(Tier.WARNING, arg("REGISTRY_AUTH", null));
    assertEquals(Tier.WARNING, env("CI_PSW", "1"));
    assertEquals(Tier.WARNING, env("GITHUB_PAT", "x"));
    assertEquals(Tier.WARNING, env("NETRC", "/root/.netrc"));
    assertEquals(Tier.WARNING, arg("NPMRC", null));
    assertEquals(Tier.WARNING, env("REGISTRY_KEY", "1"));
  }

  @Test
  void aReferenceToASecretVariableIsAnErrorOnlyWhereTheImageKeepsIt() {
    assertEquals(Tier.ERROR, env("HEADER", "Bearer ${NPM_TOKEN}"));
    assertEquals(Tier.WARNING, arg("HEADER", "Bearer ${NPM_TOKEN}"));
    assertEquals(Tier.ERROR, env("DB_PASSWORD", "${DB_PASSWORD}"), "ENV copies the build arg into the config");
    assertEquals(Tier.NONE, env("PATH", "/usr/local/bin:$PATH"));
  }

  @Test
  void nothingNamesWhoseLastWordSaysWhatTheyHold() {
    for (String name : new String[] {"AUTH_MODULE_VERSION", "NPM_TOKEN_FILE", "PASSWORD_FILE", "TOKEN_URL",
        "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL", "AUTH_HOST", "SECRETS_PATH", "SSH_KEY_DIR", "DB_USER", "API_KEY_ID",
        "AWS_ACCESS_KEY_ID", "SECRET_NAME", "TOKEN_ENDPOINT", "KEY_VERSION", "RABBITMQ_PGP_KEY_ID",
        "OPENSSL_PGP_KEY_IDS", "PGP_KEYSERVER", "SSH_KEY_FINGERPRINT", "JSYAML_CHECKSUM", "AUTH_TYPE",
        "TOKEN_TTL"}) {
      assertEquals(Tier.NONE, env(name, "1.2.3"), name);
      assertEquals(SecretRule.NameKind.NONE, SecretRule.name(name), name);
    }
  }

  @Test
  void nothingPublicKeysAndWordsThatOnlyContainASecretWord() {
    for (String name : new String[] {"GPG_KEY", "GPG_KEYS", "WORDPRESS_CLI_GPG_KEY", "PUBLIC_KEY", "SSH_PUB_KEY",
        "PGP_KEY", "GOPRIVATE", "AUTHOR", "TOKENIZER", "MONKEY", "KEYBOARD", "PASSENGER_VERSION", "PATH",
        "LD_LIBRARY_PATH", "COMPOSER_AUTHOR"}) {
      assertEquals(Tier.NONE, env(name, "A035C8C19219BA821ECEA86B64E628F8D684696D"), name);
    }
  }

  @Test
  void namesAreReadInWordsWhateverTheCase() {
    assertEquals(SecretRule.NameKind.SECRET, SecretRule.name("npmAuthToken"));
    assertEquals(SecretRule.NameKind.SECRET, SecretRule.name("deploy.password"));
    assertEquals(SecretRule.NameKind.SECRET, SecretRule.name("db-password"));
    assertEquals(SecretRule.NameKind.SUGGESTS, SecretRule.name("registryAuth"));
  }

  @Test
  void aPathIsNeverASecretValue() {
    assertFalse(SecretRule.looksLikeSecretValue("/tmp/junit-1234567890/ws.vf2vqG/helper.sh"));
    assertFalse(SecretRule.looksLikeSecretValue("/Users/JaneDoe2/bin/git-credential-osxkeychain"));
    assertFalse(SecretRule.looksLikeSecretValue("C:\\Users\\JaneDoe2\\AppData\\Local\\bin\\GitCredential1.exe"));
    assertFalse(SecretRule.looksLikeSecretValue("~/Library/Application Support/Creds2/HelperBinary"));
    assertFalse(SecretRule.looksLikeSecretValue("GITHUB_TOKEN"));
    assertTrue(SecretRule.looksLikeSecretValue("ghp_R2d2C3poPLANTED0123456789abcdefABCD"));
    assertTrue(SecretRule.looksLikeSecretValue("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"));
    assertTrue(SecretRule.looksLikeSecretValue("/x?t=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"),
        "a token format is found even inside a path");
  }

  @Test
  void reasonsNeverRepeatTheValue() {
    String v = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    assertFalse(SecretRule.variable("X", Optional.of(v), true).reason().contains(v));
    assertFalse(SecretRule.variable("A_TOKEN", Optional.of("plain-secret"), true).reason().contains("plain-secret"));
  }
}
