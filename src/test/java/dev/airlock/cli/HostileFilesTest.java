package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.lock.Lock;
import dev.airlock.lock.LockFile;
import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.TestTls;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 items 9 and 13: files the manifest names for secrets, keys and templates. A device, a
 * FIFO, a folder or a huge file is refused (exit 2, the file named, no stack trace, never a hang or
 * an OutOfMemoryError); a secret file or client key that other users may read is refused like an
 * ssh key.
 */
class HostileFilesTest {
  static final TestTls TLS = new TestTls();
  static final Duration NO_HANG = Duration.ofSeconds(20);
  @TempDir Path project;
  @TempDir Path home;
  MockWebServer server;
  final String token = Canary.next("token");

  @BeforeEach
  void setUp() throws IOException {
    server = TLS.httpsServer();
    TLS.writeCa(project);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static Path fifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
    assertEquals(0, mk.waitFor());
    return p;
  }

  static Path huge(Path p) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(3L * 1024 * 1024 * 1024); // sparse: no disk used
    }
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  static Path privateFile(Path p, String text) throws IOException {
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  CliRunner.Result fetchWith(String credential) throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          c: %s
        sources:
          - name: model
            credentials: c
            http: { url: "%s" }
        """.formatted(credential, server.url("/m.bin")));
    return assertTimeoutPreemptively(NO_HANG, () -> new CliRunner(project, home).run("fetch", "--no-progress"));
  }

  static void assertRefused(CliRunner.Result r, String... fragments) {
    assertEquals(2, r.exit(), r.all());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "'" + f + "' missing: " + r.err());
    }
    assertFalse(r.all().contains("\tat ") || r.all().contains("Exception") || r.all().contains("Error:"),
        "no stack trace: " + r.all());
  }

  @Test
  void aTokenFileOnDevZeroIsRefused() throws Exception {
    CliRunner.Result r = fetchWith("{ token: { file: /dev/zero } }");
    assertRefused(r, "/dev/zero", "not a regular file");
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aTokenFileThatIsAFifoIsRefusedWithoutHanging() throws Exception {
    Path f = fifo(home.resolve("token"));
    assertRefused(fetchWith("{ token: { file: " + f + " } }"), f.toString(), "not a regular file");
  }

  @Test
  void aLinkToAFifoIsRefusedToo() throws Exception {
    Path link = Files.createSymbolicLink(home.resolve("token"), fifo(home.resolve("pipe")));
    assertRefused(fetchWith("{ token: { file: " + link + " } }"), link.toString(), "not a regular file");
  }

  @Test
  void aPasswordFileThatIsAFolderOrHugeIsRefused() throws Exception {
    Path dir = Files.createDirectory(home.resolve("pw"));
    assertRefused(fetchWith("{ basic: { username: u, passwordFile: " + dir + " } }"), dir.toString(),
        "not a regular file");
    Path big = huge(home.resolve("big"));
    assertRefused(fetchWith("{ basic: { username: u, passwordFile: " + big + " } }"), big.toString(),
        "larger than 65536 bytes");
  }

  @Test
  void anSshPassphraseFileThatIsAFifoIsRefusedWithoutHanging() throws Exception {
    Path key = privateFile(home.resolve("id"), "not really a key\n");
    Path pass = fifo(home.resolve("pass"));
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        credentials:
          k: { ssh: { key: %s, passphraseFile: %s, knownHosts: %s } }
        sources:
          - name: repo
            credentials: k
            git: { url: "ssh://git@127.0.0.1:9/r.git", ref: v1 }
        """.formatted(key, pass, privateFile(home.resolve("known_hosts"), "")));
    CliRunner.Result r = assertTimeoutPreemptively(NO_HANG,
        () -> new CliRunner(project, home).run("fetch", "--no-progress"));
    assertRefused(r, pass.toString(), "not a regular file");
  }

  @Test
  void aKnownHostsFileThatIsAFifoIsRefusedBeforeJgitReadsIt() throws Exception {
    Path key = privateFile(home.resolve("id"), "not really a key\n");
    Path hosts = fifo(home.resolve("known_hosts"));
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        credentials:
          k: { ssh: { key: %s, knownHosts: %s } }
        sources:
          - name: repo
            credentials: k
            git: { url: "ssh://git@127.0.0.1:9/r.git", ref: v1 }
        """.formatted(key, hosts));
    CliRunner.Result r = assertTimeoutPreemptively(NO_HANG,
        () -> new CliRunner(project, home).run("fetch", "--no-progress"));
    assertRefused(r, hosts.toString(), "not a regular file");
  }

  @Test
  void aTemplateOnDevZeroOrAFifoIsRefused() throws Exception {
    LockFile.write(project.resolve("fetch.lock"), Lock.of(List.of()));
    Path pipe = fifo(project.resolve("pipe.in"));
    for (String template : List.of("/dev/zero", pipe.toString(), huge(project.resolve("big.in")).toString())) {
      Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\ndocker: { template: " + template
          + " }\n");
      CliRunner.Result r = assertTimeoutPreemptively(NO_HANG,
          () -> new CliRunner(project, home).run("dockerfile"));
      assertRefused(r, Path.of(template).getFileName().toString());
      assertTrue(r.err().contains("not a regular file") || r.err().contains("larger than 4194304 bytes"), r.err());
      assertFalse(Files.exists(project.resolve("Dockerfile")));
    }
  }

  @Test
  void aLockThatIsAFifoIsRefusedWithoutHangingByEveryCommandThatReadsIt() throws Exception {
    Files.writeString(project.resolve("fetch.yaml"), "version: 1\nsources: []\n");
    fifo(project.resolve("fetch.lock"));
    for (String command : List.of("fetch", "verify", "dockerfile", "sbom")) {
      CliRunner.Result r = assertTimeoutPreemptively(NO_HANG, () -> new CliRunner(project, home).run(command));
      assertRefused(r, "fetch.lock", "not a regular file");
    }
  }

  @Test
  void hugeIgnoreFilesAreRefusedByTheScanNotReadWhole() throws Exception {
    Files.createDirectories(project.resolve("ctx"));
    huge(project.resolve("ctx/.dockerignore"));
    CliRunner.Result r = assertTimeoutPreemptively(NO_HANG,
        () -> new CliRunner(project, home).run("scan", "--context", "ctx"));
    assertRefused(r, ".dockerignore", "larger than 4194304 bytes");
    Files.delete(project.resolve("ctx/.dockerignore"));
    huge(project.resolve(".airlockignore"));
    r = assertTimeoutPreemptively(NO_HANG, () -> new CliRunner(project, home).run("scan", "ctx"));
    assertRefused(r, ".airlockignore", "larger than 4194304 bytes");
  }

  // --- item 13: one permission rule for every secret file ---

  @Test
  void aTokenFileOthersMayReadIsRefusedLikeTheSshKey() throws Exception {
    Path f = home.resolve("token");
    Files.writeString(f, token + "\n");
    for (String mode : List.of("rw-r--r--", "rw-r-----", "rw-----w-")) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
      CliRunner.Result r = fetchWith("{ token: { file: " + f + " } }");
      assertRefused(r, f.toString(), "chmod 600");
      Canary.assertAbsent("output", r.all(), Canary.forms(token));
    }
    assertEquals(0, server.getRequestCount(), "no request with a refused credential");
  }

  @Test
  void aPasswordOrPassphraseFileOthersMayReadIsRefused() throws Exception {
    Path f = home.resolve("pw");
    Files.writeString(f, token + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
    assertRefused(fetchWith("{ basic: { username: u, passwordFile: " + f + " } }"), f.toString(), "chmod 600");
  }

  @Test
  void aClientKeyOthersMayReadIsRefused() throws Exception {
    TLS.writeClient(project, TLS.client("airlock-ci"));
    Files.setPosixFilePermissions(project.resolve("client.key"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(project.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem], clientCert: client.pem, clientKey: client.key }
        sources:
          - name: model
            http: { url: "%s" }
        """.formatted(server.url("/m.bin")));
    CliRunner.Result r = new CliRunner(project, home).run("fetch", "--no-progress");
    assertRefused(r, "client.key", "chmod 600");
    assertFalse(r.all().contains("PRIVATE KEY"));
    assertEquals(0, server.getRequestCount());
  }
}
