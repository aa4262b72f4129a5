package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.error.AirlockException;
import dev.airlock.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsing and every kind of manifest error. Positions are 1-based line:column in the inline YAML;
 * list indexes in paths are zero-based.
 */
class ManifestReaderTest {
  static final Path HOME = Path.of("/home/dev");
  static final Path PROJECT = Path.of("/work/proj");
  static final Environment ENV = new Environment(Map.of(), HOME, PROJECT);

  static Manifest parse(String yaml) {
    return ManifestReader.parse(yaml, Path.of("fetch.yaml"), "fetch.yaml", ENV);
  }

  static List<String> errors(String yaml) {
    return assertThrows(ManifestException.class, () -> parse(yaml)).errors();
  }

  /** Exactly one error, returned for comparison. */
  static String error(String yaml) {
    List<String> errors = errors(yaml);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    return errors.get(0);
  }

  @Test
  void fullManifestBecomesExactRecords() {
    Manifest m = parse("""
        version: 1
        vendor: third_party/vendor
        tls:
          caCerts: [certs/corp-ca.pem, ~/ca/extra.pem]
        credentials:
          corp: { netrc: {} }
          ci-netrc: { netrc: { file: ~/.netrc-ci, default: true } }
          artifacts: { token: { env: ARTIFACTS_TOKEN } }
          gitlab: { token: { file: secrets/gitlab-token, header: PRIVATE-TOKEN } }
          github: { basic: { username: x-access-token, passwordEnv: GITHUB_TOKEN } }
          nexus: { basic: { username: ci, passwordFile: /run/secrets/nexus } }
        sources:
          - name: model
            credentials: artifacts
            http: { url: https://artifacts.corp.example/models/v3.bin, sha256: "sha256:3194E5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0" }
          - name: design-assets
            http: { url: https://artifacts.corp.example/assets.tar.gz, extract: true }
            dest: /opt/assets
          - name: public.data_1
            credentials: none
            http:
              url: http://localhost:8080/data.csv
              extract: false
        docker:
          template: Dockerfile.in
          output: build/Dockerfile
          prefix: /srv/vendor
        """);

    Map<String, CredentialSpec> credentials = new java.util.LinkedHashMap<>();
    credentials.put("corp", new CredentialSpec.Netrc("corp", Optional.empty(), false));
    credentials.put("ci-netrc",
        new CredentialSpec.Netrc("ci-netrc", Optional.of(HOME.resolve(".netrc-ci")), true));
    credentials.put("artifacts",
        new CredentialSpec.Token("artifacts", new SecretRef.Env("ARTIFACTS_TOKEN"), Optional.empty()));
    credentials.put("gitlab", new CredentialSpec.Token("gitlab",
        new SecretRef.File(PROJECT.resolve("secrets/gitlab-token")), Optional.of("PRIVATE-TOKEN")));
    credentials.put("github",
        new CredentialSpec.Basic("github", "x-access-token", new SecretRef.Env("GITHUB_TOKEN")));
    credentials.put("nexus",
        new CredentialSpec.Basic("nexus", "ci", new SecretRef.File(Path.of("/run/secrets/nexus"))));
    Manifest expected = new Manifest(
        PROJECT.resolve("fetch.yaml"),
        1,
        PROJECT.resolve("third_party/vendor"),
        List.of(PROJECT.resolve("certs/corp-ca.pem"), HOME.resolve("ca/extra.pem")),
        credentials,
        List.of(
            new HttpSource("model", CredentialRef.named("artifacts"), Optional.empty(),
                "https://artifacts.corp.example/models/v3.bin",
                Optional.of("3194e5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0"), false),
            new HttpSource("design-assets", CredentialRef.DEFAULT, Optional.of("/opt/assets"),
                "https://artifacts.corp.example/assets.tar.gz", Optional.empty(), true),
            new HttpSource("public.data_1", CredentialRef.NONE, Optional.empty(),
                "http://localhost:8080/data.csv", Optional.empty(), false)),
        new DockerSpec(Optional.empty(), Optional.of("Dockerfile.in"),
            "build/Dockerfile", "/srv/vendor"));

    assertEquals(expected, m);
    assertEquals(List.copyOf(credentials.keySet()), List.copyOf(m.credentials().keySet()));
  }

  @Test
  void minimalManifestTakesTheDefaults() {
    Manifest m = parse("""
        version: 1
        sources: []
        credentials:
        docker:
        """);
    assertEquals(PROJECT.resolve("vendor"), m.vendorDir());
    assertEquals(DockerSpec.DEFAULTS, m.docker());
    assertEquals(List.of(), m.sources());
    assertEquals(Map.of(), m.credentials());
    assertEquals(List.of(), m.caCerts());
  }

  @Test
  void errorsAreAUsageExceptionWithExitTwoAndOneLineEach() {
    ManifestException e = assertThrows(ManifestException.class, () -> parse("""
        version: 2
        sourcs: []
        """));
    assertEquals(AirlockException.USAGE, e.exitCode());
    assertEquals(UsageException.class, e.getClass().getSuperclass());
    assertEquals(String.join("\n", e.errors()), e.getMessage());
    assertEquals(3, e.errors().size());
  }

  // --- literal secrets -----------------------------------------------------------------------

  @Test
  void literalSecretsAreRefusedAndNeverEchoed() {
    ManifestException e = assertThrows(ManifestException.class, () -> parse("""
        version: 1
        credentials:
          github: { basic: { username: me, password: PLANTED-1 } }
          raw: { token: PLANTED-2 }
          wrapped: { token: { value: PLANTED-3 } }
          entry: PLANTED-4
        sources:
          - name: a
            apiKey: PLANTED-5
            http: { url: "https://example.com/f", auth: PLANTED-6 }
        """));
    String lit = "literal secrets are not allowed in the manifest; ";
    String inSource = "put the secret in a credentials entry (e.g. token: { env: VAR }) and name it in credentials:";
    assertEquals(List.of(
        "fetch.yaml:3:36: credentials.github.basic.password: " + lit + "use passwordEnv or passwordFile",
        "fetch.yaml:4:17: credentials.raw.token: " + lit + "use token: { env: VAR } or token: { file: PATH }",
        "fetch.yaml:5:23: credentials.wrapped.token.value: " + lit + "use env or file",
        "fetch.yaml:6:10: credentials.entry: " + lit
            + "use token: { env: VAR } or basic: { username: USER, passwordEnv: VAR }",
        "fetch.yaml:9:5: sources[0].apiKey: " + lit + inSource,
        "fetch.yaml:10:43: sources[0].http.auth: " + lit + inSource),
        e.errors());
    assertFalse(e.getMessage().contains("PLANTED"), e::getMessage);
  }

  @Test
  void otherSecretNamedKeysAreLiteralSecretsToo() {
    ManifestException e = assertThrows(ManifestException.class, () -> parse("""
        version: 1
        sources: []
        credentials:
          a: { basic: { username: u, passwordEnv: P, passphrase: PLANTED-7 } }
          b: { token: { env: T, secret: PLANTED-8, api_key: PLANTED-9 } }
        """));
    String lit = "literal secrets are not allowed in the manifest; ";
    assertEquals(List.of(
        "fetch.yaml:4:46: credentials.a.basic.passphrase: " + lit + "use passwordEnv or passwordFile",
        "fetch.yaml:5:25: credentials.b.token.secret: " + lit + "use env or file",
        "fetch.yaml:5:44: credentials.b.token.api_key: " + lit + "use env or file"),
        e.errors());
    assertFalse(e.getMessage().contains("PLANTED"), e::getMessage);
  }

  @Test
  void helperPathsAreNeverTakenForSecretValues() {
    Manifest m = parse("""
        version: 1
        sources: []
        credentials:
          mac: { helper: { command: [/Users/JaneDoe2/bin/git-credential-osxkeychain, get] } }
          tmp: { helper: { command: [/tmp/junit-5837202938475/ws.vf2vqG/helper.sh] } }
          rel: { helper: { command: [sh, ./Tools/CredentialHelper2/bin/Helper.sh] } }
        """);
    assertEquals(3, m.credentials().size());
    assertTrue(error("""
        version: 1
        sources: []
        credentials:
          gh: { helper: { command: [helper, --token, ghp_R2d2C3poPLANTED0123456789abcdefABCD] } }
        """).contains("looks like a secret value"));
  }

  @Test
  void tokenValueGivenAsTheVariableNameIsNotEchoed() {
    String message = error("""
        version: 1
        sources: []
        credentials:
          gh: { token: { env: ghp_R2d2C3poPLANTED0123456789abcdefABCD } }
        """);
    assertEquals("fetch.yaml:4:23: credentials.gh.token.env: looks like a secret value, not a variable "
        + "name; put the secret in the environment and name the variable here", message);
  }

  // --- URLs ----------------------------------------------------------------------------------

  @Test
  void urlWithUserAndPasswordIsRefusedWithoutTheValues() {
    String message = error("""
        version: 1
        sources:
          - name: lib
            http: { url: "https://deploy:PLANTED-PW@artifacts.example/lib.tgz" }
        """);
    assertEquals("fetch.yaml:4:18: sources[0].http.url: credentials in URLs are not allowed; "
        + "use a credentials entry", message);
    assertFalse(message.contains("PLANTED") || message.contains("deploy"), message);
  }

  @Test
  void urlWithTokenQueryParameterNamesTheParameterOnly() {
    String message = error("""
        version: 1
        sources:
          - name: lib
            http:
              url: https://gitlab.example/api/v4/projects/1/packages/generic/lib/1.0/lib.tgz?private_token=PLANTED-TOK
        """);
    assertEquals("fetch.yaml:5:12: sources[0].http.url: query parameter 'private_token' looks like a "
        + "credential; use a credentials entry instead", message);
    assertFalse(message.contains("PLANTED"), message);
  }

  @Test
  void ambiguousAuthoritiesFromSecurityCase11() {
    assertEquals(List.of(
        "fetch.yaml:4:18: sources[0].http.url: backslashes are not allowed in URLs "
            + "(parsers disagree on where the host ends)",
        "fetch.yaml:6:18: sources[1].http.url: '@' is allowed only in the path "
            + "(elsewhere parsers disagree on the host)",
        "fetch.yaml:6:18: sources[1].http.url: fragments (#…) are not allowed"),
        errors("""
            version: 1
            sources:
              - name: one
                http: { url: "https://good.example\\\\@evil.example/" }
              - name: two
                http: { url: "https://evil.example#@good.example/" }
            """));
  }

  @Test
  void plainHttpOnlyToLoopback() {
    assertEquals("fetch.yaml:4:18: sources[0].http.url: must be https (or http to a loopback host)",
        error("""
            version: 1
            sources:
              - name: lib
                http: { url: http://artifacts.example/lib.tgz }
            """));
  }

  @Test
  void sha256AndExtractAreChecked() {
    assertEquals(List.of(
        "fetch.yaml:4:53: sources[0].http.sha256: must be 64 hex digits, optionally prefixed with sha256:",
        "fetch.yaml:6:54: sources[1].http.extract: must be true or false",
        "fetch.yaml:8:54: sources[2].http.extract: must be true or false"),
        errors("""
            version: 1
            sources:
              - name: a
                http: { url: https://example.com/a.bin, sha256: 3194e5 }
              - name: b
                http: { url: https://example.com/b.tgz, extract: yes }
              - name: c
                http: { url: https://example.com/c.tgz, extract: "true" }
            """));
  }

  // --- YAML features that are refused -----------------------------------------------------------

  @Test
  void duplicateKeysNameBothLines() {
    assertEquals(List.of(
        "fetch.yaml:3:1: version: duplicate key 'version' (first at line 1)",
        "fetch.yaml:6:5: sources[0].name: duplicate key 'name' (first at line 5)"),
        errors("""
            version: 1
            credentials: {}
            version: 1
            sources:
              - name: a
                name: b
                http: { url: https://example.com/f }
            """));
  }

  @Test
  void anchorsAreRefused() {
    assertEquals("fetch.yaml:3:9: credentials.corp: anchors and aliases are not allowed", error("""
        version: 1
        credentials:
          corp: &netrc { netrc: {} }
        sources: []
        """));
  }

  @Test
  void aliasesAreRefusedWhereTheyAreUsed() {
    assertEquals(List.of(
        "fetch.yaml:3:9: credentials.corp: anchors and aliases are not allowed",
        "fetch.yaml:4:10: credentials.other: anchors and aliases are not allowed",
        "fetch.yaml:6:18: sources[0].credentials: anchors and aliases are not allowed"),
        errors("""
            version: 1
            credentials:
              corp: &c { netrc: {} }
              other: *c
            sources:
              - credentials: *c
                name: a
                http: { url: https://example.com/f }
            """));
  }

  @Test
  void customTagsAreRefused() {
    assertEquals(List.of(
        "fetch.yaml:2:10: sources: YAML tag '!!python/object' is not allowed; write plain values without tags",
        "fetch.yaml:3:9: vendor: YAML tag '!include' is not allowed; write plain values without tags"),
        errors("""
            version: 1
            sources: !!python/object []
            vendor: !include other.yaml
            """));
  }

  @Test
  void syntaxErrorsHavePositions() {
    assertEquals("fetch.yaml:4:4: YAML syntax error: expected <block end>, but found '<block mapping start>' "
        + "(while parsing a block collection)", error("""
        version: 1
        sources:
          - name: x
           http: {}
        """));
  }

  @Test
  void emptyManifestIsAnError() {
    assertEquals("fetch.yaml:1:1: the manifest is empty", error(""));
    assertEquals("fetch.yaml:1:1: the manifest is empty", error("# nothing yet\n"));
  }

  @Test
  void onlyOneDocument() {
    assertEquals("fetch.yaml:3:1: only one YAML document is allowed; a second one starts here", error("""
        version: 1
        sources: []
        ---
        version: 1
        """));
  }

  @Test
  void topLevelMustBeAMap() {
    assertEquals("fetch.yaml:1:1: the manifest must be a map of keys (version, sources, …), not a list",
        error("- version: 1\n"));
  }

  @Test
  void tooLargeManifestIsRefused() {
    String big = "version: 1\nsources: []\n#" + "x".repeat(YamlLoader.MAX_CODE_POINTS) + "\n";
    assertEquals("fetch.yaml:1:1: the manifest is larger than 1 MiB", error(big));
  }

  // --- top level -------------------------------------------------------------------------------

  @Test
  void unknownKeysGetASuggestionOrTheAllowedList() {
    assertEquals(List.of(
        "fetch.yaml:3:1: credentals: unknown key 'credentals'; did you mean 'credentials'?",
        "fetch.yaml:4:1: Vendor: unknown key 'Vendor'; did you mean 'vendor'?",
        "fetch.yaml:5:1: mirrors: unknown key 'mirrors'; allowed: version, vendor, tls, credentials, sources, docker, cache",
        "fetch.yaml:6:11: docker.prefx: unknown key 'prefx'; did you mean 'prefix'?"),
        errors("""
            version: 1
            sources: []
            credentals: {}
            Vendor: v
            mirrors: []
            docker: { prefx: /opt }
            """));
  }

  @Test
  void versionAndSourcesAreRequired() {
    assertEquals(List.of(
        "fetch.yaml:1:1: version: required key is missing",
        "fetch.yaml:1:1: sources: required key is missing"),
        errors("vendor: vendor\n"));
  }

  @Test
  void versionMustBeOneAndSourcesAList() {
    assertEquals(List.of(
        "fetch.yaml:1:10: version: must be 1 (the only manifest version this airlock reads)",
        "fetch.yaml:2:10: sources: must be a list, not a map"),
        errors("""
            version: "1"
            sources: {}
            """));
  }

  @Test
  void vendorMustStayInsideTheManifestFolder() {
    String head = "version: 1\nsources: []\nvendor: ";
    assertEquals("fetch.yaml:3:9: vendor: must be a path relative to the manifest's folder",
        error(head + "/var/vendor\n"));
    assertEquals("fetch.yaml:3:9: vendor: must be a path relative to the manifest's folder",
        error(head + "~/vendor\n"));
    assertEquals("fetch.yaml:3:9: vendor: must stay inside the manifest's folder (no ..)",
        error(head + "sub/../../vendor\n"));
    assertEquals("fetch.yaml:3:9: vendor: must be a subfolder, not the manifest's folder itself",
        error(head + "./x/..\n"));
    assertEquals("fetch.yaml:3:9: vendor: must not be inside .airlock/, airlock's staging folder",
        error(head + ".airlock/vendor\n"));
  }

  @Test
  void dockerBaseAndTemplateExcludeEachOther() {
    assertEquals("fetch.yaml:3:28: docker.template: base and template exclude each other; keep one "
        + "(base: airlock writes the whole Dockerfile; template: airlock fills in yours)",
        error("version: 1\nsources: []\ndocker: { base: debian:12, template: Dockerfile.in }\n"));
  }

  @Test
  void tlsCaCertsAreHostPaths() {
    assertEquals(List.of(
        "fetch.yaml:3:25: tls.caCerts[1]: only ~/ is supported for the home folder, not ~user/",
        "fetch.yaml:4:19: docker.prefix: must be an absolute path in the image (starting with /)"),
        errors("""
            version: 1
            sources: []
            tls: { caCerts: [a.pem, ~bob/b.pem] }
            docker: { prefix: opt/vendor }
            """));
    assertEquals("fetch.yaml:3:17: tls.caCerts: must be a list, not a string",
        error("version: 1\nsources: []\ntls: { caCerts: a.pem }\n"));
  }

  // --- credentials -----------------------------------------------------------------------------

  @Test
  void credentialIdsAndKinds() {
    assertEquals(List.of(
        "fetch.yaml:4:3: credentials.none: 'none' is reserved: a source uses it to send no credentials",
        "fetch.yaml:5:3: credentials.Corp: credentials id 'Corp' must match [a-z0-9][a-z0-9._-]*",
        "fetch.yaml:6:22: credentials.both.token: only one of netrc, token, basic, ssh, helper, npmrc, mavenSettings, pypirc per entry ('netrc' is at line 6)",
        "fetch.yaml:7:12: credentials.nothing: needs one of: netrc, token, basic, ssh, helper, npmrc, mavenSettings, pypirc",
        "fetch.yaml:8:8: credentials.key: needs one of: netrc, token, basic, ssh, helper, npmrc, mavenSettings, pypirc",
        "fetch.yaml:8:10: credentials.key.gpg: unknown key 'gpg'; allowed: netrc, token, basic, ssh, helper, npmrc, mavenSettings, pypirc",
        "fetch.yaml:9:21: credentials.helper.helper: must be a map: helper: { command: [PROGRAM, ARGS…] }"
            + " (no shell: a list, not a string)",
        "fetch.yaml:10:9: credentials.list: must be a map of keys, not a list"),
        errors("""
            version: 1
            sources: []
            credentials:
              none: { netrc: {} }
              Corp: { netrc: {} }
              both: { netrc: {}, token: { env: X } }
              nothing: {}
              key: { gpg: { key: ~/.gnupg/key } }
              helper: { helper: gh }
              list: [ netrc ]
            """));
  }

  @Test
  void credentialFileKinds() {
    assertEquals(List.of(
        "fetch.yaml:4:26: credentials.a.npmrc._authToken: literal secrets are not allowed in the manifest; "
            + "the token is read from the npmrc file",
        "fetch.yaml:5:15: credentials.b.npmrc: must be a map: npmrc: {} or npmrc: { file: PATH } "
            + "(the secret stays in its file)",
        "fetch.yaml:6:23: credentials.c.mavenSettings.server: required key is missing",
        "fetch.yaml:7:33: credentials.d.mavenSettings.server: must be the name of an entry of the file "
            + "(letters, digits, . _ : @ + -)",
        "fetch.yaml:8:30: credentials.e.pypirc.repository: looks like a secret value, not the name of an entry of "
            + "the file"),
        errors("""
            version: 1
            sources: []
            credentials:
              a: { npmrc: { file: x, _authToken: abc } }
              b: { npmrc: "//h/:_authToken=abc" }
              c: { mavenSettings: { file: s.xml } }
              d: { mavenSettings: { server: "a b" } }
              e: { pypirc: { repository: npm_abcdefghijklmnopqrstuvwxyz0123456789 } }
            """));
  }

  @Test
  void tokenAndBasicFields() {
    assertEquals(List.of(
        "fetch.yaml:4:15: credentials.a.token: needs env (a variable name) or file (a path)",
        "fetch.yaml:5:25: credentials.b.token.file: use either env or file, not both",
        "fetch.yaml:6:22: credentials.c.token.env: must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)",
        "fetch.yaml:7:33: credentials.d.token.header: must be an HTTP header name (letters, digits, -)",
        "fetch.yaml:8:33: credentials.e.token.header: cannot carry a credential: 'Proxy-Authorization' "
            + "is a request-framing or proxy header",
        "fetch.yaml:9:15: credentials.f.basic.username: required key is missing",
        "fetch.yaml:10:27: credentials.g.basic.username: must not contain ':'",
        "fetch.yaml:11:15: credentials.h.basic: needs passwordEnv (a variable name) or passwordFile (a path)",
        "fetch.yaml:11:17: credentials.h.basic.passwordenv: unknown key 'passwordenv'; did you mean 'passwordEnv'?",
        "fetch.yaml:12:26: credentials.i.netrc.default: must be true or false"),
        errors("""
            version: 1
            sources: []
            credentials:
              a: { token: { header: X-Token } }
              b: { token: { env: T, file: t.txt } }
              c: { token: { env: 1TOKEN } }
              d: { token: { env: T, header: "X Token" } }
              e: { token: { env: T, header: Proxy-Authorization } }
              f: { basic: { passwordEnv: P } }
              g: { basic: { username: "a:b", passwordEnv: P } }
              h: { basic: { passwordenv: P, username: u } }
              i: { netrc: { default: yes } }
            """));
  }

  @Test
  void authorizationHeaderMayBeSetRaw() {
    Manifest m = parse("""
        version: 1
        sources: []
        credentials:
          gh: { token: { env: GH_AUTH, header: Authorization } }
        """);
    assertEquals(new CredentialSpec.Token("gh", new SecretRef.Env("GH_AUTH"), Optional.of("Authorization")),
        m.credentials().get("gh"));
  }

  // --- sources ---------------------------------------------------------------------------------

  @Test
  void duplicateSourceNamesNameTheFirst() {
    assertEquals("fetch.yaml:7:11: sources[2].name: duplicate source name 'lib' (first at line 3)", error("""
        version: 1
        sources:
          - name: lib
            http: { url: https://example.com/a }
          - name: other
            http: { url: https://example.com/b }
          - name: lib
            http: { url: https://example.com/c }
        """));
  }

  @Test
  void unknownCredentialIdSuggestsOrListsWithoutEchoing() {
    assertEquals(List.of(
        "fetch.yaml:6:18: sources[0].credentials: unknown credentials entry; did you mean 'github'?",
        "fetch.yaml:9:18: sources[1].credentials: unknown credentials entry; defined: github, corp, or none"),
        errors("""
            version: 1
            credentials:
              github: { token: { env: GH } }
              corp: { netrc: {} }
            sources:
              - credentials: githb
                name: a
                http: { url: https://example.com/a }
              - credentials: ghp-zzzzzzzzzzzzzzzz
                name: b
                http: { url: https://example.com/b }
            """));
    assertEquals("fetch.yaml:4:18: sources[0].credentials: unknown credentials entry; "
        + "the manifest defines no credentials", error("""
        version: 1
        sources:
          - name: a
            credentials: corp
            http: { url: https://example.com/a }
        """));
  }

  @Test
  void sourceKindsNamesAndDest() {
    assertEquals(List.of(
        "fetch.yaml:3:5: sources[0].name: required key is missing",
        "fetch.yaml:3:12: sources[0].maven.repository: required key is missing",
        "fetch.yaml:4:5: sources[1].name: required key is missing",
        "fetch.yaml:4:5: sources[1]: needs one of: http, git, pypi, maven, npm",
        "fetch.yaml:5:11: sources[2].name: must match [a-z0-9][a-z0-9._-]*",
        "fetch.yaml:7:5: sources[2].npm: only one source kind per entry ('http' is at line 6)",
        "fetch.yaml:8:11: sources[2].dest: must be an absolute path in the image (starting with /)",
        "fetch.yaml:9:5: sources[3]: must be a map of keys, not a string",
        "fetch.yaml:11:11: sources[4].dest: must not contain control characters (tab, newline, …)"),
        errors("""
            version: 1
            sources:
              - maven: { artifact: "com.corp:commons:2.3.0" }
              - {}
              - name: Bad_Name
                http: { url: https://example.com/a }
                npm: { package: x }
                dest: opt/x
              - just-a-name
              - name: ok
                dest: "/opt/x\\nRUN curl evil.example"
                http: { url: https://example.com/b }
            """));
  }

  @Test
  void manyErrorsAreCollectedAtOnceInFileOrder() {
    assertEquals(List.of(
        "fetch.yaml:1:10: version: must be 1 (the only manifest version this airlock reads)",
        "fetch.yaml:2:9: vendor: must stay inside the manifest's folder (no ..)",
        "fetch.yaml:4:18: credentials.gh.token.value: literal secrets are not allowed in the manifest; use env or file",
        "fetch.yaml:6:5: sources[0].nmae: unknown key 'nmae'; did you mean 'name'?",
        "fetch.yaml:6:5: sources[0].name: required key is missing",
        "fetch.yaml:7:18: sources[0].http.url: must be https (or http to a loopback host)",
        "fetch.yaml:8:5: sources[1].name: required key is missing",
        "fetch.yaml:8:11: sources[1].pypi: needs one of: requirement (NAME==VERSION), requirements (a hashed "
            + "requirements file) or pylock (a PEP 751 pylock.toml)",
        "fetch.yaml:9:1: dokcer: unknown key 'dokcer'; did you mean 'docker'?"),
        errors("""
            version: 3
            vendor: ../vendor
            credentials:
              gh: { token: { value: PLANTED } }
            sources:
              - nmae: a
                http: { url: http://example.com/a }
              - pypi: { index: https://pypi.example/simple }
            dokcer: {}
            """));
  }

  // --- reading files ---------------------------------------------------------------------------

  @Test
  void readResolvesTheFileAgainstTheWorkingDirAndPathsAgainstItsFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/fetch.yaml"), """
        \uFEFFversion: 1
        vendor: out
        tls: { caCerts: [ca.pem] }
        sources: []
        """);
    Environment env = new Environment(Map.of(), HOME, dir);
    Manifest m = ManifestReader.read(Path.of("app/fetch.yaml"), "app/fetch.yaml", env);
    assertEquals(dir.resolve("app/fetch.yaml"), m.file());
    assertEquals(dir.resolve("app/out"), m.vendorDir());
    assertEquals(List.of(dir.resolve("app/ca.pem")), m.caCerts());
  }

  @Test
  void readReportsAMissingFileByItsDisplayName(@TempDir Path dir) {
    Environment env = new Environment(Map.of(), HOME, dir);
    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestReader.read(Path.of("fetch.yaml"), "./fetch.yaml", env));
    assertEquals(List.of("./fetch.yaml: no such file"), e.errors());
  }

  @Test
  void readReportsInvalidUtf8WithItsPosition(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("fetch.yaml"),
        "version: 1\nsources: []\nvendor: v\u00e9\u00ff".getBytes(StandardCharsets.ISO_8859_1));
    Environment env = new Environment(Map.of(), HOME, dir);
    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestReader.read(dir.resolve("fetch.yaml"), "fetch.yaml", env));
    assertEquals(List.of("fetch.yaml:3:10: not valid UTF-8"), e.errors());
  }

  @Test
  void readRefusesFilesOverOneMiB(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fetch.yaml"),
        "version: 1\nsources: []\n#" + "x".repeat(YamlLoader.MAX_CODE_POINTS));
    Environment env = new Environment(Map.of(), HOME, dir);
    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestReader.read(dir.resolve("fetch.yaml"), "fetch.yaml", env));
    assertEquals(List.of("fetch.yaml:1:1: the manifest is larger than 1 MiB"), e.errors());
  }
}
