package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Invariant 1, swept: every command of the CLI, at {@code -q}, default and {@code -v}, on success
 * and on failing paths (401, invalid manifest, sha256 mismatch, frozen mismatch, verify mismatch,
 * a 500 that echoes the request, an unreachable host, an unset variable), with a unique canary in
 * every kind of credential (netrc password, bearer token from the environment, a header token from
 * a file, a basic password from the environment). No canary, raw, base64 or URL-encoded, may appear
 * in any output, the lock, the cache, the vendor dir, {@code .airlock/} or any generated file.
 */
@Timeout(180)
class CanarySweepTest {
  static final TestTls TLS = new TestTls();
  /** Characters that URL- and base64-encode differently from the raw value. */
  static final String SPICE = "+/=@:x";
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  CliRunner cli;
  final String netrcPassword = Canary.next("netrc") + SPICE;
  final String bearer = Canary.next("bearer") + SPICE;
  final String fileToken = Canary.next("headerfile") + SPICE;
  final String basicPassword = Canary.next("basicenv") + SPICE;
  final String queryToken = Canary.next("query");
  final List<String> forms = new ArrayList<>();
  final List<String> ran = new ArrayList<>();
  final Set<String> commandsRun = new TreeSet<>();

  @BeforeEach
  void setUp() throws Exception {
    server = TLS.httpsServer();
    server.setDispatcher(new Registry());
    TLS.writeCa(project);
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine " + server.getHostName() + " login me password " + netrcPassword + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(home.resolve("secrets"));
    Files.writeString(home.resolve("secrets/token"), fileToken + "\n");
    Files.setPosixFilePermissions(home.resolve("secrets/token"), PosixFilePermissions.fromString("rw-------"));
    cli = new CliRunner(project, home).env("BEARER", bearer).env("BASIC_PW", basicPassword)
        .env("AIRLOCK_CACHE", home.resolve("cache").toString());
    forms.addAll(Canary.forms(netrcPassword, "me"));
    forms.addAll(Canary.forms(bearer));
    forms.addAll(Canary.forms("Bearer " + bearer));
    forms.addAll(Canary.forms(fileToken));
    forms.addAll(Canary.forms(basicPassword, "u2"));
    forms.addAll(Canary.forms(queryToken));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** A registry demanding a different credential per path; some paths misbehave on purpose. */
  final class Registry extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      String auth = String.valueOf(r.getHeaders().get("Authorization"));
      boolean allowed = switch (path.split("/")[1]) {
        case "netrc" -> auth.equals("Basic " + b64("me:" + netrcPassword));
        case "bearer" -> auth.equals("Bearer " + bearer);
        case "header" -> fileToken.equals(r.getHeaders().get("X-Corp-Token"));
        case "basicenv" -> auth.equals("Basic " + b64("u2:" + basicPassword));
        case "denied" -> false;
        default -> true;
      };
      if (!allowed) {
        return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"x\"")
            .body("denied for " + r.getHeaders()).build();
      }
      if (path.startsWith("/echo500/")) { // case 35: an error page that repeats the request
        return new MockResponse.Builder().code(500).addHeader("Retry-After", "0")
            .body("internal error; your request was:\n" + r.getHeaders()).build();
      }
      if (path.startsWith("/gitecho/")) { // a git server whose ERR line repeats the request, escapes and all
        String err = "ERR \u001b[31mdenied for " + r.getHeaders() + "\u0007";
        return new MockResponse.Builder().setHeader("Content-Type", "application/x-git-upload-pack-advertisement")
            .body("001e# service=git-upload-pack\n0000"
                + "%04x".formatted(err.getBytes(StandardCharsets.UTF_8).length + 4) + err).build();
      }
      if (path.startsWith("/bearer/moved")) { // same-origin redirect to a URL with a query token
        return new MockResponse.Builder().code(302)
            .addHeader("Location", "/bearer/b.bin?private_token=" + queryToken).build();
      }
      return new MockResponse.Builder().body("content of " + path).build();
    }
  }

  String url(String path) {
    return server.url(path).toString();
  }

  static final String CREDENTIALS = """
      credentials:
        corp: { netrc: {} }
        tok: { token: { env: BEARER } }
        hdr: { token: { file: ~/secrets/token, header: X-Corp-Token } }
        bas: { basic: { username: u2, passwordEnv: BASIC_PW } }
      """;

  String source(String name, String cred, String path, String extra) {
    return "  - { name: " + name + ", credentials: " + cred + ", http: { url: '" + url(path) + "'" + extra + " } }\n";
  }

  void manifest(String sources) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\ntls: { caCerts: [ca.pem] }\n" + CREDENTIALS
        + "docker: { base: 'busybox:stable' }\nsources:\n" + sources);
  }

  String goodSources() throws Exception {
    return source("n", "corp", "/netrc/n.bin", ", sha256: " + sha256("content of /netrc/n.bin"))
        + source("b", "tok", "/bearer/moved", "")
        + source("h", "hdr", "/header/h.bin", "")
        + source("s", "bas", "/basicenv/s.bin", "");
  }

  /** Runs one command line at -q, default and -v; asserts no canary in any output. */
  void sweep(String label, int expectedExit, String... args) throws Exception {
    sweep(false, label, expectedExit, args);
  }

  /** As {@link #sweep}, each time from scratch (no vendor dir, lock or cache): all on the network. */
  void sweepFresh(String label, int expectedExit, String... args) throws Exception {
    sweep(true, label, expectedExit, args);
  }

  void sweep(boolean fresh, String label, int expectedExit, String... args) throws Exception {
    for (String verbosity : new String[] {"-q", null, "-v"}) {
      if (fresh) {
        for (String p : List.of("vendor", "fetch.lock", ".airlock")) {
          dev.airlock.placement.AtomicFiles.deleteTree(project.resolve(p));
        }
        dev.airlock.placement.AtomicFiles.deleteTree(home.resolve("cache"));
      }
      List<String> line = new ArrayList<>(List.of(args));
      if (verbosity != null) {
        line.add(verbosity);
      }
      CliRunner.Result r = cli.run(line.toArray(String[]::new));
      String what = label + " " + String.join(" ", line);
      ran.add(what + " -> " + r.exit());
      commandsRun.add(args[0]);
      if (expectedExit >= 0) {
        assertEquals(expectedExit, r.exit(), what + "\n" + r.all());
      }
      Canary.assertAbsent(what + " output", r.all(), forms);
    }
  }

  void assertNoCanaryOnDisk() throws Exception {
    try (Stream<Path> s = Files.list(project)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        // Manifests are the user's input (one holds a literal on purpose); everything else airlock wrote.
        if (!p.getFileName().toString().endsWith(".yaml")) {
          Canary.assertAbsentInTree(p, forms);
        }
      }
    }
    Canary.assertAbsentInTree(home.resolve("cache"), forms);
  }

  @Test
  void noCanaryAnywhereWhateverTheCommandVerbosityOrFailure() throws Exception {
    // Success paths.
    manifest(goodSources());
    sweepFresh("fetch", 0, "fetch");
    assertTrue(Files.readString(project.resolve("fetch.lock")).contains("/bearer/b.bin?"), "finalUrl recorded, redacted");
    sweep("fetch up to date", 0, "fetch");
    sweep("fetch frozen", 0, "fetch", "--frozen");
    sweep("verify", 0, "verify");
    sweep("fetch json", 0, "fetch", "--json");
    sweep("update", 0, "update");
    sweep("dockerfile", 0, "dockerfile");
    sweep("dockerfile check", 0, "dockerfile", "--check");
    sweep("sbom", 0, "sbom");
    sweep("sbom file", 0, "sbom", "-o", "sbom.generated.json");
    sweep("scan vendor", 0, "scan", "vendor");
    sweep("scan sarif", 0, "scan", "vendor", "--format", "sarif", "-o", "scan.generated.sarif");
    sweep("scan context", -1, "scan", "--dockerfile", "Dockerfile", "--context", ".", "--format", "json");
    sweep("completion", -1, "completion", "bash"); // takes no -q/-v: exit 2 for those, still swept
    // A folder that does hold the credentials: scan must find them and still not print them.
    Path leak = Files.createDirectories(home.resolve("leak"));
    Files.writeString(leak.resolve("config.txt"), "token=" + bearer + "\nauth=" + b64("u2:" + basicPassword) + "\n"
        + "url=https://me:" + URLEncoder.encode(netrcPassword, StandardCharsets.UTF_8) + "@h.example/\n");
    sweep("scan finds", 1, "scan", leak.toString());
    sweep("scan finds json", 1, "scan", leak.toString(), "--format", "json");
    sweep("init", -1, "init", "-f", "init.generated");
    sweep("version", 0, "--version");
    sweep("help", 0, "--help");

    // 401: a source whose credential the server refuses, and one it never accepts.
    manifest(goodSources() + source("d", "tok", "/denied/d.bin", ""));
    sweepFresh("401", 3, "fetch");
    // A 500 whose body repeats the request, credentials included (case 35).
    manifest(goodSources() + source("e", "tok", "/echo500/e.bin", ""));
    sweepFresh("500 echo", 3, "fetch");
    // A Maven closure (pom:) refused by its repository, and one whose repository echoes the request in a 500.
    Files.createDirectories(project.resolve("app"));
    Files.writeString(project.resolve("app/pom.xml"), "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId>"
        + "<artifactId>app</artifactId><version>1</version><packaging>pom</packaging><dependencies><dependency>"
        + "<groupId>com.corp</groupId><artifactId>lib</artifactId><version>1</version></dependency></dependencies></project>");
    for (String repo : List.of("/denied/m2", "/echo500/m2")) {
      manifest(goodSources() + "  - { name: m, credentials: tok, maven: { repository: '" + url(repo) + "', pom: app/pom.xml } }\n");
      sweepFresh("maven closure " + repo, 3, "fetch");
    }
    // An unknown host, with a credential configured for it.
    manifest(goodSources() + "  - { name: x, credentials: tok, http: { url: 'https://nonexistent.invalid/x.bin' } }\n");
    sweepFresh("dns", 3, "fetch");
    // TLS failure: the CA is not given (the other sources are in place: only t goes to the network).
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\n" + CREDENTIALS + "sources:\n" + goodSources()
        + source("t", "tok", "/bearer/t.bin", ""));
    sweepFresh("tls", 3, "fetch");
    manifest(goodSources());
    sweep("restore", 0, "fetch");
    // sha256 mismatch.
    manifest(source("n", "corp", "/netrc/n.bin", ", sha256: " + sha256("something else")) + goodSources().lines()
        .skip(1).map(l -> l + "\n").reduce("", String::concat));
    sweep("sha mismatch", 3, "fetch");
    // Frozen mismatch: the manifest changed since the lock.
    manifest(goodSources().replace("/header/h.bin", "/header/h2.bin"));
    sweep("frozen mismatch", 1, "fetch", "--frozen");
    // Verify mismatch: a vendored file changed.
    manifest(goodSources());
    Files.writeString(project.resolve("vendor/files/h/h.bin"), "tampered");
    sweep("verify mismatch", 1, "verify");
    sweep("repair", 0, "fetch");
    // Unset variable, for a source that must be fetched.
    manifest(goodSources().replace("/basicenv/s.bin", "/basicenv/s2.bin"));
    cli.env("BASIC_PW", "");
    sweep("unset variable", 2, "fetch");
    cli.env("BASIC_PW", basicPassword);
    // Issue 20: a token file others may read, a token file that is a FIFO, a URL with %0d in its path.
    Path tokenFile = home.resolve("secrets/token");
    manifest(goodSources().replace("/header/h.bin", "/header/h3.bin"));
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
    sweep("token file readable by others", 2, "fetch");
    Files.move(tokenFile, home.resolve("secrets/token.real"));
    assertEquals(0, new ProcessBuilder("mkfifo", tokenFile.toString()).start().waitFor());
    sweep("token file is a fifo", 2, "fetch");
    Files.delete(tokenFile);
    Files.move(home.resolve("secrets/token.real"), tokenFile);
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    manifest(goodSources() + source("c", "tok", "/x%0dhost=evil.example%0dx=/c.bin", ""));
    sweep("control character in a url", 2, "fetch");
    // Invalid manifests: a literal secret (another canary: the refusal must not echo it either).
    String literal = Canary.next("literal") + SPICE;
    forms.addAll(Canary.forms(literal));
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\ncredentials:\n  c: { basic: { username: u, password: '"
        + literal + "' } }\nsources:\n  - { name: a, credentials: c, http: { url: 'https://u:" + literal
        + "@h.example/x?private_token=" + literal + "' } }\n");
    sweep("bad manifest", 2, "fetch");
    sweep("bad manifest verify", 2, "verify");

    // A hostile checkout (round 3): a symlink planted in vendor/, a docker.output outside the
    // project, a lock naming a path outside the vendor dir. Refused, and the refusals echo nothing.
    manifest(goodSources());
    sweep("before hostile", 0, "fetch");
    Path victim = Files.createDirectories(home.resolve("victim"));
    dev.airlock.placement.AtomicFiles.deleteTree(project.resolve("vendor/files"));
    Files.createSymbolicLink(project.resolve("vendor/files"), victim);
    sweep("planted symlink", 3, "fetch");
    Files.delete(project.resolve("vendor/files"));
    Files.writeString(project.resolve("fetch.yaml"), Files.readString(project.resolve("fetch.yaml"))
        .replace("docker: { base: 'busybox:stable' }", "docker: { base: 'busybox:stable', output: ../Dockerfile }"));
    sweep("output outside", 2, "dockerfile");
    manifest(goodSources());
    byte[] goodLock = Files.readAllBytes(project.resolve("fetch.lock"));
    Files.writeString(project.resolve("fetch.lock"), "version: 1\nsources:\n  old:\n    kind: http\n"
        + "    fingerprint: x\n    files:\n      ../outside/x: y\n");
    sweep("lock outside", 2, "fetch");
    Files.write(project.resolve("fetch.lock"), goodLock);
    sweep("after hostile", 0, "fetch");
    // Round 3: a git server's ERR line that repeats the request (credentials included).
    manifest(goodSources() + "  - { name: g, credentials: tok, git: { url: '" + url("/gitecho/r.git")
        + "', ref: main } }\n");
    sweepFresh("git ERR echo", 3, "fetch");
    sweepFresh("git ERR echo json", 3, "fetch", "--json");
    // Round 3: a token in a query parameter's name, and a token as an ssh URL's user part.
    String inName = Canary.next("queryname");
    String sshUser = Canary.next("sshuser");
    forms.addAll(Canary.forms(inName));
    forms.addAll(Canary.forms(sshUser));
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources:\n"
        + "  - { name: a, http: { url: 'https://h.example/x?access_token_" + inName + "=1' } }\n"
        + "  - { name: g, git: { url: '" + sshUser + "@h.example:r.git', ref: main } }\n");
    sweep("token-shaped url parts", 2, "fetch");
    sweep("token-shaped url parts json", 2, "fetch", "--json");

    // Every other subcommand on main (dockerfile, scan, update, sbom … as they land): their
    // help, and a plain run on this workspace, whatever its exit code.
    manifest(goodSources());
    for (String sub : subcommands()) {
      if (!commandsRun.contains(sub)) {
        sweep(sub + " help", 0, sub, "--help");
        sweep(sub, -1, sub);
      }
    }
    assertNoCanaryOnDisk();
    assertTrue(Files.exists(project.resolve("Dockerfile")) && Files.exists(project.resolve("sbom.generated.json")),
        "the generators ran");
    assertTrue(ran.size() >= 90, "ran " + ran.size() + " command lines");
  }

  static String sri(String content) throws Exception {
    return "sha512-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-512").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** An npm lock: a with resolved, @s/b without (its URL comes from the registry). */
  String npmLock(String aResolved, String aIntegrity, String extraEntry) throws Exception {
    return "{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"app\"},"
        + "\"node_modules/a\":{\"version\":\"1.0.0\",\"resolved\":\"" + aResolved + "\",\"integrity\":\"" + aIntegrity
        + "\"},\"node_modules/@s/b\":{\"version\":\"2.0.0\",\"integrity\":\""
        + sri("content of /bearer/reg/@s/b/-/b-2.0.0.tgz") + "\"}" + extraEntry + "}}";
  }

  @Test
  void npmLockfileClosurePathsLeakNothing() throws Exception {
    String a = url("/bearer/reg/a/-/a-1.0.0.tgz");
    String good = npmLock(a, sri("content of /bearer/reg/a/-/a-1.0.0.tgz"), "");
    Files.writeString(project.resolve("package-lock.json"), good);
    manifest("  - { name: app, credentials: tok, npm: { registry: '" + url("/bearer/reg")
        + "', lockfile: package-lock.json } }\n");
    sweepFresh("npm lockfile fetch", 0, "fetch");
    sweep("npm lockfile up to date", 0, "fetch");
    sweep("npm lockfile verify", 0, "verify");
    sweep("npm lockfile dockerfile", 0, "dockerfile");
    sweep("npm lockfile sbom", 0, "sbom");
    // The lock edited: stale for --frozen.
    Files.writeString(project.resolve("package-lock.json"), good.replace("\"name\":\"app\"", "\"name\":\"app2\""));
    sweep("npm lockfile frozen mismatch", 1, "fetch", "--frozen");
    // A tampered integrity, a tarball elsewhere, a URL with credentials in it, a git dependency.
    Files.writeString(project.resolve("package-lock.json"), npmLock(a, sri("other bytes"), ""));
    sweepFresh("npm integrity mismatch", 3, "fetch");
    Files.writeString(project.resolve("package-lock.json"), npmLock(
        "https://localhost:" + server.getPort() + "/bearer/reg/a/-/a-1.0.0.tgz", sri("x"), ""));
    sweepFresh("npm foreign host", 3, "fetch");
    String literal = Canary.next("lockurl") + SPICE;
    forms.addAll(Canary.forms(literal));
    Files.writeString(project.resolve("package-lock.json"), npmLock(
        a.replace("https://", "https://u:" + URLEncoder.encode(literal, StandardCharsets.UTF_8) + "@"),
        sri("x"), ""));
    sweepFresh("npm resolved with credentials", 3, "fetch");
    Files.writeString(project.resolve("package-lock.json"), npmLock(a, sri("x"), ",\"node_modules/g\":{\"version\":"
        + "\"1.0.0\",\"resolved\":\"git+https://u:" + URLEncoder.encode(literal, StandardCharsets.UTF_8)
        + "@git.example/g.git#abc\"}"));
    sweepFresh("npm git dependency", 2, "fetch");
    Files.delete(project.resolve("package-lock.json")); // the user's input, holding a canary on purpose
    assertNoCanaryOnDisk();
  }

  static Set<String> subcommands() {
    Map<String, CommandLine> subs = new LinkedHashMap<>(new CommandLine(
        new AirlockCommand(new CliContext(new dev.airlock.common.Environment(Map.of(), Path.of("."), Path.of(".")),
            new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
            false))).getSubcommands());
    return new TreeSet<>(subs.keySet());
  }
}
