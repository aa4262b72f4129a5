package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * {@code npmrc}, {@code mavenSettings} and {@code pypirc} credentials through the CLI: each value
 * comes only from its file, goes only to the origin it is for (not to a redirect target), is named
 * by kind at {@code -v}, and no form of it appears in any output or file, on success or failure;
 * {@code scan} finds a leak of each.
 */
@Timeout(120)
class FileCredentialsCliTest {
  static final TestTls TLS = new TestTls();
  static final String SPICE = "+/=@:x";
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer origin;
  MockWebServer foreign;
  CliRunner cli;
  final String npmToken = Canary.next("npmrc") + SPICE;
  final String mavenPassword = Canary.next("maven") + SPICE;
  final String masterPassword = Canary.next("master") + SPICE;
  final String pypircPassword = Canary.next("pypirc") + SPICE;
  final List<String> forms = new ArrayList<>();
  /** Filled by MockWebServer's threads: HTTP/2 streams are served concurrently. */
  final List<String> foreignAuth = new CopyOnWriteArrayList<>();
  String encrypted;

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Path privateFile(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @BeforeEach
  void setUp() throws Exception {
    origin = TLS.httpsServer();
    foreign = TLS.httpsServer();
    origin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        String auth = String.valueOf(r.getHeaders().get("Authorization"));
        boolean ok = switch (path.split("/")[1]) {
          case "npm" -> auth.equals("Bearer " + npmToken);
          case "maven" -> auth.equals("Basic " + b64("deployer:" + mavenPassword));
          case "pypi" -> auth.equals("Basic " + b64("__token__:" + pypircPassword));
          default -> false;
        };
        if (!ok) {
          return new MockResponse.Builder().code(401).body("denied for " + r.getHeaders()).build();
        }
        if (path.endsWith("/moved")) {
          return new MockResponse.Builder().code(302)
              .addHeader("Location", foreign.url("/elsewhere.bin").newBuilder().host("127.0.0.1").build()).build();
        }
        return new MockResponse.Builder().body("content of " + path).build();
      }
    });
    foreign.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        foreignAuth.add(String.valueOf(r.getHeaders().get("Authorization")));
        return new MockResponse.Builder().body("foreign content").build();
      }
    });
    TLS.writeCa(project);
    String host = "//localhost:" + origin.getPort() + "/";
    privateFile(project.resolve(".npmrc"), host + "npm/:_authToken=${NPM_TOKEN}\n");
    privateFile(home.resolve(".npmrc"), host + ":_authToken=user-file-is-shadowed-by-the-longer-key\n");
    DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    encrypted = cipher.encryptAndDecorate(mavenPassword, masterPassword);
    privateFile(home.resolve(".m2/settings-security.xml"), "<settingsSecurity><master>"
        + cipher.encryptAndDecorate(masterPassword, "settings.security") + "</master></settingsSecurity>\n");
    privateFile(home.resolve(".m2/settings.xml"), """
        <settings>
          <servers>
            <server><id>corp-releases</id><username>${env.MVN_USER}</username><password>%s</password></server>
          </servers>
          <mirrors>
            <mirror><id>corp-releases</id><url>https://localhost:%d/maven/</url><mirrorOf>*</mirrorOf></mirror>
          </mirrors>
        </settings>
        """.formatted(encrypted, origin.getPort()));
    privateFile(home.resolve(".pypirc"), "[distutils]\nindex-servers = corp\n\n[corp]\nusername = __token__\n"
        + "password = " + pypircPassword + "\n");
    cli = new CliRunner(project, home).env("NPM_TOKEN", npmToken).env("MVN_USER", "deployer")
        .env("AIRLOCK_CACHE", home.resolve("cache").toString());
    forms.addAll(Canary.forms(npmToken));
    forms.addAll(Canary.forms("Bearer " + npmToken));
    forms.addAll(Canary.forms(mavenPassword, "deployer"));
    forms.addAll(Canary.forms(masterPassword));
    forms.addAll(Canary.forms(pypircPassword, "__token__"));
  }

  @AfterEach
  void tearDown() {
    origin.close();
    foreign.close();
  }

  String url(String path) {
    return origin.url(path).newBuilder().host("localhost").build().toString();
  }

  void manifest(String sources) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          npm: { npmrc: {} }
          mvn: { mavenSettings: { server: corp-releases } }
          py: { pypirc: { repository: corp } }
        sources:
        """ + sources);
  }

  String source(String name, String cred, String path) {
    return "  - { name: " + name + ", credentials: " + cred + ", http: { url: '" + url(path) + "' } }\n";
  }

  @Test
  void aRegistryUrlWithoutATrailingSlashMatchesItsFolderKeyAsNpmDoes() throws Exception {
    privateFile(project.resolve(".npmrc"), "//localhost:" + origin.getPort() + "/npm/:_authToken=${NPM_TOKEN}\n");
    Files.delete(home.resolve(".npmrc"));
    manifest(source("n", "npm", "/npm"));
    CliRunner.Result r = run("fetch", "--no-progress");
    assertEquals(0, r.exit(), r.all());
  }

  String goodSources() {
    return source("n", "npm", "/npm/n.tgz") + source("m", "mvn", "/maven/m.jar") + source("p", "py", "/pypi/p.whl");
  }

  CliRunner.Result run(String... args) {
    CliRunner.Result r = cli.run(args);
    Canary.assertAbsent(String.join(" ", args) + " output", r.all(), forms);
    return r;
  }

  @Test
  void eachFileGivesItsCredentialToItsOriginAndNamesItByKind() throws Exception {
    manifest(goodSources());
    CliRunner.Result r = run("fetch", "--no-progress", "-v");
    assertEquals(0, r.exit(), r.all());
    String key = "//localhost:" + origin.getPort() + "/npm/";
    assertTrue(r.err().contains("npm (npmrc for " + key + ")"), r.err());
    assertTrue(r.err().contains("mvn (maven settings server corp-releases for https://localhost:" + origin.getPort()),
        r.err());
    assertTrue(r.err().contains("py (pypirc [corp] for https://localhost:"), r.err());
    assertEquals("content of /npm/n.tgz", Files.readString(project.resolve("vendor/files/n/n.tgz")));
    for (String verbosity : new String[] {"-q", "-v"}) {
      assertEquals(0, run("fetch", "--no-progress", verbosity).exit());
      assertEquals(0, run("verify", verbosity).exit());
    }
    assertEquals(0, run("scan", "vendor").exit());
    assertEquals(0, run("update", "--no-progress", "-v").exit());
    assertNoCanaryOnDisk();
  }

  @Test
  void everySubcommandAtEveryVerbosityKeepsTheValuesOut() throws Exception {
    manifest(goodSources());
    assertEquals(0, run("fetch", "--no-progress").exit());
    for (String sub : CanarySweepTest.subcommands()) {
      for (String verbosity : new String[] {"-q", null, "-v"}) {
        run(verbosity == null ? new String[] {sub} : new String[] {sub, verbosity});
        run(sub, "--help");
      }
    }
    assertNoCanaryOnDisk();
  }

  @Test
  void aRedirectToAnotherOriginCarriesNothing() throws Exception {
    manifest(source("n", "npm", "/npm/moved") + source("m", "mvn", "/maven/moved") + source("p", "py", "/pypi/moved"));
    CliRunner.Result r = run("fetch", "--no-progress", "-v");
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of("null", "null", "null"), foreignAuth);
    assertNoCanaryOnDisk();
  }

  @Test
  void failuresNameTheFileAndEntryNeverAValue() throws Exception {
    // 401: the server refuses (wrong path for the credential).
    manifest(source("n", "npm", "/maven/n.tgz"));
    CliRunner.Result denied = run("fetch", "--no-progress", "-v");
    assertEquals(3, denied.exit(), denied.all());
    assertTrue(denied.err().contains("npmrc"), denied.err());
    // No npmrc key for the registry: a configuration error before any request.
    manifest("  - { name: n, credentials: npm, http: { url: '"
        + foreign.url("/x.tgz").newBuilder().host("127.0.0.1").build() + "' } }\n");
    CliRunner.Result noKey = run("fetch", "--no-progress");
    assertEquals(2, noKey.exit(), noKey.all());
    assertTrue(noKey.err().contains("give no _authToken"), noKey.err());
    assertEquals(List.of(), foreignAuth);
    // Unset ${NPM_TOKEN}.
    manifest(goodSources());
    cli.env("NPM_TOKEN", "");
    CliRunner.Result unset = run("fetch", "--no-progress");
    assertEquals(2, unset.exit(), unset.all());
    assertTrue(unset.err().contains("${NPM_TOKEN}"), unset.err());
    cli.env("NPM_TOKEN", npmToken);
    // A wrong master password.
    privateFile(home.resolve(".m2/settings-security.xml"), "<settingsSecurity><master>"
        + new DefaultPlexusCipher().encryptAndDecorate("not-the-master", "settings.security")
        + "</master></settingsSecurity>\n");
    CliRunner.Result wrongMaster = run("fetch", "--no-progress", "-v");
    assertTrue(wrongMaster.exit() == 2 || wrongMaster.exit() == 3, wrongMaster.all());
    assertFalse(wrongMaster.all().contains(encrypted.substring(1, 20)), "the ciphertext is not repeated");
    // A missing .pypirc section, a missing server.
    manifest(goodSources());
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml"))
        .replace("repository: corp", "repository: nope").replace("server: corp-releases", "server: nope"));
    CliRunner.Result missing = run("fetch", "--no-progress");
    assertEquals(2, missing.exit(), missing.all());
    assertTrue(missing.err().contains("[nope]") || missing.err().contains("'nope'"), missing.err());
    assertNoCanaryOnDisk();
  }

  @Test
  void aMirrorElsewhereKeepsItsPasswordAndAPypircUrlWithUserinfoIsRefused() throws Exception {
    Path settings = home.resolve(".m2/settings.xml");
    Files.writeString(settings, Files.readString(settings).replace("https://localhost:" + origin.getPort() + "/maven/",
        "https://maven.corp.example/releases/"));
    manifest(source("m", "mvn", "/maven/m.jar"));
    CliRunner.Result r = run("fetch", "--no-progress");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("belongs to the <mirror>/<repository> with that id at https://maven.corp.example"),
        r.err());
    privateFile(home.resolve(".pypirc"), "[corp]\nrepository = https://__token__:" + pypircPassword
        + "@pypi.corp.example/legacy/\nusername = __token__\npassword = " + pypircPassword + "\n");
    manifest(source("p", "py", "/pypi/p.whl"));
    CliRunner.Result p = run("fetch", "--no-progress");
    assertEquals(2, p.exit(), p.all());
    assertTrue(p.err().contains("the repository URL carries a user name or password"), p.err());
    assertEquals(0, origin.getRequestCount(), "nothing is sent");
  }

  @Test
  void aWorldReadableNpmrcIsIgnoredWithAWarning() throws Exception {
    Files.setPosixFilePermissions(project.resolve(".npmrc"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(home.resolve(".npmrc"));
    manifest(source("n", "npm", "/npm/n.tgz"));
    CliRunner.Result r = run("fetch", "--no-progress");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("ignoring npmrc file " + project.resolve(".npmrc")) && r.err().contains("chmod 600"),
        r.err());
    assertEquals(0, origin.getRequestCount());
  }

  @Test
  void scanFindsALeakOfEachFileValue() throws Exception {
    manifest(goodSources());
    Path leak = Files.createDirectories(home.resolve("leak"));
    Files.writeString(leak.resolve("a.txt"), "npm=" + npmToken + "\n");
    Files.writeString(leak.resolve("b.txt"), "auth=" + b64("deployer:" + mavenPassword) + "\n");
    Files.writeString(leak.resolve("c.txt"), "pw=" + URLEncoder.encode(pypircPassword, StandardCharsets.UTF_8)
        + "\n");
    CliRunner.Result r = run("scan", leak.toString(), "--format", "json");
    assertEquals(1, r.exit(), r.all());
    for (String f : List.of("a.txt", "b.txt", "c.txt")) {
      assertTrue(r.out().contains(f), f + " found: " + r.out());
    }
    assertTrue(r.out().contains("npmrc credential") && r.out().contains("maven settings password")
        && r.out().contains("pypirc password"), r.out());
  }

  @Test
  void fetchRefusesToVendorAFileHoldingAnNpmrcValue() throws Exception {
    origin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().body("oops " + r.getHeaders().get("Authorization")).build();
      }
    });
    manifest(source("n", "npm", "/npm/n.tgz"));
    CliRunner.Result r = run("fetch", "--no-progress");
    assertEquals(1, r.exit(), r.all());
    assertFalse(Files.exists(project.resolve("vendor/files/n/n.tgz")));
  }

  void assertNoCanaryOnDisk() throws Exception {
    for (String p : List.of("vendor", "fetch.lock", ".airlock", "Dockerfile")) {
      Canary.assertAbsentInTree(project.resolve(p), forms);
    }
    Canary.assertAbsentInTree(home.resolve("cache"), forms);
  }
}
