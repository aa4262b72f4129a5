package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code git:} sources, their URLs and refs, and {@code ssh:} credentials. */
class GitManifestTest {
  static Manifest parse(String yaml) {
    return ManifestReaderTest.parse(yaml);
  }

  static String error(String yaml) {
    return ManifestReaderTest.error(yaml);
  }

  static String source(String git) {
    return "version: 1\nsources:\n  - name: r\n    git: " + git + "\n";
  }

  @Test
  void aGitSourceAndAnSshCredentialBecomeRecords() {
    Manifest m = parse("""
        version: 1
        credentials:
          deploy: { ssh: { key: ~/.ssh/deploy_key, passphraseEnv: DEPLOY_PASS, knownHosts: known } }
          agent: { ssh: { agent: true } }
        sources:
          - name: config-repo
            credentials: deploy
            git: { url: ssh://git@git.corp.example/platform/config.git, ref: v2.1.0, paths: [templates/, ./b, templates] }
          - name: scp
            git: { url: "git@github.com:org/repo.git", ref: 0123456789ABCDEF0123456789abcdef01234567 }
          - name: https
            git: { url: "https://git.corp.example:8443/x/y.git", ref: refs/heads/main }
        """);
    assertEquals(new CredentialSpec.Ssh("deploy", Optional.of(ManifestReaderTest.HOME.resolve(".ssh/deploy_key")),
        Optional.of(new SecretRef.Env("DEPLOY_PASS")), ManifestReaderTest.PROJECT.resolve("known"), false),
        m.credentials().get("deploy"));
    assertEquals(new CredentialSpec.Ssh("agent", Optional.empty(), Optional.empty(),
        ManifestReaderTest.HOME.resolve(".ssh/known_hosts"), true), m.credentials().get("agent"));
    GitSource g = (GitSource) m.sources().get(0);
    assertEquals("ssh://git@git.corp.example/platform/config.git", g.url().toString());
    assertEquals(List.of("b", "templates"), g.paths());
    assertEquals("kind=git\nurl=ssh://git@git.corp.example/platform/config.git\nref=v2.1.0\npaths=b,templates\n",
        g.canonicalForm());
    GitSource scp = (GitSource) m.sources().get(1);
    assertEquals("git@github.com:org/repo.git", scp.url().toString());
    assertEquals(GitUrl.Scheme.SCP, scp.url().scheme());
    assertEquals("0123456789abcdef0123456789abcdef01234567", scp.ref());
    assertTrue(scp.refIsCommit());
    GitSource https = (GitSource) m.sources().get(2);
    assertEquals("https://git.corp.example:8443/x/y.git", https.url().toString());
    assertEquals(8443, https.url().port());
  }

  @Test
  void allowCaseCollisionsIsReadForGitAndExtractedHttpAndCountsInTheFingerprintOnlyWhenOn() {
    Manifest m = parse("""
        version: 1
        sources:
          - name: kernel
            git: { url: https://git.example/linux.git, ref: v6.1, allowCaseCollisions: true }
          - name: off
            git: { url: https://git.example/linux.git, ref: v6.1, allowCaseCollisions: false }
          - name: plain
            git: { url: https://git.example/linux.git, ref: v6.1 }
          - name: tarball
            http: { url: https://h.example/linux.tar.gz, extract: true, allowCaseCollisions: true }
          - name: tarball-plain
            http: { url: https://h.example/linux.tar.gz, extract: true }
        """);
    GitSource on = (GitSource) m.sources().get(0);
    assertTrue(on.allowCaseCollisions());
    assertEquals("kind=git\nurl=https://git.example/linux.git\nref=v6.1\npaths=\nallowCaseCollisions=true\n",
        on.canonicalForm());
    assertFalse(m.sources().get(1).allowCaseCollisions());
    // off and absent are the same entry: existing locks keep their fingerprints
    assertEquals(m.sources().get(2).fingerprint(), m.sources().get(1).fingerprint());
    assertFalse(on.fingerprint().equals(m.sources().get(2).fingerprint()));
    HttpSource tarball = (HttpSource) m.sources().get(3);
    assertTrue(tarball.allowCaseCollisions());
    assertTrue(tarball.canonicalForm().endsWith("extract=true\nallowCaseCollisions=true\n"), tarball.canonicalForm());
    assertFalse(m.sources().get(4).allowCaseCollisions());
    assertFalse(m.sources().get(4).canonicalForm().contains("allowCaseCollisions"));
  }

  @Test
  void allowCaseCollisionsErrorsAreReportedWhereTheyAre() {
    assertEquals(List.of(
        "fetch.yaml:4:72: sources[0].git.allowCaseCollisions: must be true or false",
        "fetch.yaml:6:42: sources[1].git.allowCaseCollision: unknown key 'allowCaseCollision'; did you mean "
            + "'allowCaseCollisions'?",
        "fetch.yaml:8:39: sources[2].http.allowCaseCollisions: only with extract: true (a single downloaded file "
            + "has no paths that could collide)",
        "fetch.yaml:10:65: sources[3].pypi.allowCaseCollisions: unknown key 'allowCaseCollisions'; allowed: index, "
            + "requirement, requirements, pylock, files, hosts"),
        ManifestReaderTest.errors("""
            version: 1
            sources:
              - name: a
                git: { url: https://g.example/a.git, ref: v1, allowCaseCollisions: yes }
              - name: b
                git: { url: https://g.example/b.git, allowCaseCollision: true, ref: v1 }
              - name: c
                http: { url: https://h.example/c, allowCaseCollisions: true }
              - name: d
                pypi: { index: https://p.example/simple, requirement: d==1, allowCaseCollisions: true }
            """));
  }

  @Test
  void urlAndRefAreRequired() {
    assertEquals(List.of("fetch.yaml:4:10: sources[0].git.url: required key is missing",
        "fetch.yaml:4:10: sources[0].git.ref: required key is missing"),
        ManifestReaderTest.errors(source("{ paths: [a] }")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ssh://git@-oProxyCommand=evil/r.git", "ssh://-oProxyCommand=evil/r.git", "-oProxyCommand=evil:r.git",
      "git@-host:r.git"})
  void sshHostsStartingWithADashAreRefused(String url) {
    String e = error(source("{ url: \"" + url + "\", ref: main }"));
    assertTrue(e.contains("must not start with '-'"), e);
    assertFalse(e.contains("evil"), e);
  }

  @Test
  void aPasswordInAnSshUrlIsRefusedWithoutRepeatingIt() {
    String e = error(source("{ url: \"ssh://git:PLANTED-pw@host/r.git\", ref: main }"));
    assertEquals("fetch.yaml:4:17: sources[0].git.url: credentials in URLs are not allowed; use a credentials entry", e);
    e = error(source("{ url: \"git:PLANTED-pw@host:r.git\", ref: main }"));
    assertFalse(e.contains("PLANTED"), e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com:o/r.git",
      "ssh://glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn@host/r.git", "AKIAQWERTYUIOPASDFGHJ@host:r.git",
      "x9f8e7d6c5b4a3f2e1d0c9b8a7@host:r.git", "ssh://abcdefghijklmnopqrstuvwxyzabcdefgh@host:2222/r.git"})
  void round3_aTokenShapedSshUserIsRefusedWithoutRepeatingIt(String url) {
    String user = url.replaceFirst("^ssh://", "").substring(0, url.replaceFirst("^ssh://", "").indexOf('@'));
    String e = error(source("{ url: \"" + url + "\", ref: main }"));
    assertTrue(e.contains("looks like a token"), e);
    assertFalse(e.contains(user.substring(user.length() - 8)), e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"git@github.com:o/r.git", "ssh://alice@host/r.git", "deploy-bot@host:r.git",
      "ssh://svc.build_01@host:2222/r.git"})
  void round3_ordinarySshLoginNamesStay(String url) {
    assertTrue(GitUrlPolicy.check(url).ok(), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"git://host/r.git", "file:///srv/r.git", "/srv/r.git", "./r", "git+https://host/r.git",
      "ftp://host/r.git", "https://host/r.git?x=1", "https://host/", "ssh://host", "http://git.example/r.git"})
  void unsupportedOrUnsafeUrlsAreRefused(String url) {
    error(source("{ url: \"" + url + "\", ref: main }"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-main", "a..b", "a b", "x~1", "x^", "a:b", "a/", "a//b", ".hidden", "a.lock", "@",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void invalidRefsAreRefused(String ref) {
    error(source("{ url: https://host/r.git, ref: \"" + ref + "\" }"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/abs", "../up", "a/../../b", ".git/config", "a/.GIT", "a\\\\b", ""})
  void unsafePathsAreRefused(String path) {
    error(source("{ url: https://host/r.git, ref: main, paths: [\"" + path + "\"] }"));
  }

  @Test
  void sshCredentialRules() {
    assertTrue(error("version: 1\nsources: []\ncredentials:\n  k: { ssh: { knownHosts: kh } }\n")
        .contains("credentials.k.ssh.key: required key is missing"));
    String literal = error("version: 1\nsources: []\ncredentials:\n  k: { ssh: { key: k, passphrase: PLANTED-x } }\n");
    assertTrue(literal.contains("literal secrets are not allowed"), literal);
    assertFalse(literal.contains("PLANTED"), literal);
    assertTrue(error("version: 1\nsources: []\ncredentials:\n  k: { ssh: ~/.ssh/id }\n").contains("must be a map"));
    assertTrue(error("version: 1\nsources: []\ncredentials:\n  k: { ssh: { key: k, passphraseEnv: A, passphraseFile: f } }\n")
        .contains("not both"));
  }

  @Test
  void paths() {
    assertEquals(Optional.of("a/b"), GitSourceParser.treePath("./a//b/"));
    assertEquals(Optional.empty(), GitSourceParser.treePath("a/./../b"));
    assertEquals(Path.of("x").getFileName().toString(), "x");
  }
}
