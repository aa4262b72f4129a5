package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Canary;
import dev.airlock.testing.CliRunner;
import dev.airlock.testing.SshGitServer;
import dev.airlock.testing.TestRepo.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/** git over SSH against an in-process Apache MINA SSHD + JGit UploadPack server (protocol v2). */
class GitSshFetchTest extends GitFixture {
  static final KeyPair CLIENT_KEY = SshGitServer.generateKey();
  SshGitServer server;
  Path knownHosts;
  Path key;

  @BeforeEach
  void setUp() throws Exception {
    createRepo();
    server = SshGitServer.start(repo.repo, CLIENT_KEY.getPublic(), SshGitServer.Mode.PUBLICKEY);
    Files.createDirectories(home.resolve(".ssh"));
    key = SshGitServer.writePrivateKey(CLIENT_KEY, home.resolve(".ssh/deploy_key"), null);
    knownHosts = home.resolve(".ssh/known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  String url() {
    return "ssh://git@127.0.0.1:" + server.port() + "/r.git";
  }

  void sshManifest(String ref, String sshExtra) throws Exception {
    manifest("deploy: { ssh: { key: ~/.ssh/deploy_key" + sshExtra + " } }\n",
        "- name: repo\n  credentials: deploy\n  git: { url: \"" + url() + "\", ref: \"" + ref + "\" }\n");
  }

  @Test
  void fetchesTheTreeAtTheTagWithoutGitAndKeepsModesAndInnerSymlinks() throws Exception {
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertOk(r);
    Path out = vendor("repo");
    assertEquals("hello\n", Files.readString(out.resolve("README.md")));
    assertTrue(Files.getPosixFilePermissions(out.resolve("bin/run")).contains(PosixFilePermission.OWNER_EXECUTE));
    assertFalse(Files.getPosixFilePermissions(out.resolve("README.md")).contains(PosixFilePermission.OWNER_EXECUTE));
    assertTrue(Files.isSymbolicLink(out.resolve("docs/link")));
    assertEquals(Path.of("a.txt"), Files.readSymbolicLink(out.resolve("docs/link")));
    assertFalse(Files.exists(out.resolve(".git")));
    assertContained(project.resolve("vendor"));
    String lock = lock();
    assertTrue(lock.contains("commit: " + c1.name()), lock);
    assertTrue(lock.contains("ref: v1"), lock);
    assertTrue(lock.contains("url: " + url()), lock);
    assertTrue(lock.contains("tree: sha256:"), lock);
    assertTrue(lock.contains("git/repo/docs/link: link:a.txt"), lock);
    assertEquals(List.of("git"), server.users.stream().distinct().toList());
    assertOk(cli.run("verify"));
  }

  @Test
  void aLockedEntryFetchesTheLockedCommitAfterTheBranchMovedAndUpdateMovesIt() throws Exception {
    sshManifest("main", "");
    assertOk(cli.run("fetch"));
    ObjectId c2 = repo.commit(tree("README.md", Entry.file("second\n")), c1);
    repo.branch("main", c2);
    AtomicFiles_delete(project.resolve("vendor"));
    dropCache();
    assertOk(cli.run("fetch"));
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
    assertTrue(lock().contains("commit: " + c1.name()));

    assertOk(cli.run("update", "repo"));
    assertEquals("second\n", Files.readString(vendor("repo").resolve("README.md")));
    assertTrue(lock().contains("commit: " + c2.name()), lock());
    assertFalse(Files.exists(vendor("repo").resolve("bin")));
  }

  @Test
  void updateRefusesUnknownNames() throws Exception {
    sshManifest("main", "");
    CliRunner.Result r = cli.run("update", "nope");
    assertExit(2, r);
    assertTrue(r.err().contains("nope"), r.err());
  }

  @Test
  void aLockedCommitInTheCacheNeedsNoNetwork() throws Exception {
    sshManifest("v1", "");
    assertOk(cli.run("fetch"));
    AtomicFiles_delete(project.resolve("vendor"));
    server.close();
    assertOk(cli.run("fetch", "--offline"));
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
  }

  @Test
  void case39_unknownHostKeyIsRefusedAndKnownHostsIsNotWritten() throws Exception {
    Files.writeString(knownHosts, "[127.0.0.1]:1 " + otherHostKeyLine() + "\n# nothing for the test server\n");
    byte[] before = Files.readAllBytes(knownHosts);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("host key"), r.err());
    assertTrue(r.err().contains("unknown host key"), r.err());
    assertTrue(r.err().contains(fingerprint()), r.err());
    assertArrayEquals(before, Files.readAllBytes(knownHosts));
    assertEquals(0, server.commands.size());
    assertFalse(Files.exists(project.resolve("vendor")));
  }

  @Test
  void case39_missingKnownHostsIsNotCreated() throws Exception {
    Files.delete(knownHosts);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("does not exist"), r.err());
    assertFalse(Files.exists(knownHosts));
  }

  @Test
  void case40_changedHostKeyIsRefusedAndKnownHostsIsNotWritten() throws Exception {
    Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + otherHostKeyLine() + "\n");
    byte[] before = Files.readAllBytes(knownHosts);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("host key"), r.err());
    assertTrue(r.err().contains("CHANGED"), r.err());
    assertTrue(r.err().contains(fingerprint()), r.err());
    assertArrayEquals(before, Files.readAllBytes(knownHosts));
    assertEquals(0, server.commands.size());
  }

  @Test
  void revokedHostKeyIsRefused() throws Exception {
    Files.writeString(knownHosts, "@revoked [127.0.0.1]:" + server.port() + " "
        + org.apache.sshd.common.config.keys.PublicKeyEntry
        .toString(server.hostKey.getPublic()) + "\n" + server.knownHostsLine());
    byte[] before = Files.readAllBytes(knownHosts);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("@revoked"), r.err());
    assertTrue(r.err().contains(fingerprint()), r.err());
    assertArrayEquals(before, Files.readAllBytes(knownHosts));
  }

  @Test
  void round3_aRevokedLineAfterThePlainLineForTheSameKeyWins() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine() + "\n@revoked [127.0.0.1]:" + server.port() + " "
        + hostKeyText() + "\n");
    assertRefused("@revoked");
  }

  @Test
  void round3_aRevokedWildcardPatternRevokesTheKeyForEveryHost() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine() + "\n@revoked * " + hostKeyText() + "\n");
    assertRefused("@revoked");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n@revoked some.other.host " + hostKeyText() + "\n");
    assertRefused("@revoked"); // stricter than OpenSSH: a revoked key is refused whatever host its line names
  }

  @Test
  void round3_hashedAndWildcardHostsAreAcceptedAndANegatedPatternIsNot() throws Exception {
    sshManifest("v1", "");
    String name = "[127.0.0.1]:" + server.port();
    Files.writeString(knownHosts, KnownHostsTest.hashed(name) + " " + hostKeyText() + "\n");
    assertOk(cli.run("fetch"));
    refetch();
    Files.writeString(knownHosts, "[127.0.0.?]:" + server.port() + ",other " + hostKeyText() + "\n");
    assertOk(cli.run("fetch"));
    refetch();
    Files.writeString(knownHosts, "[127.0.0.*]:*,![127.0.0.1]:" + server.port() + " " + hostKeyText() + "\n");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("unknown host key"), r.err());
  }

  @Test
  void round3_aCertAuthorityLineNeverMakesAKeyTrusted() throws Exception {
    Files.writeString(knownHosts, "@cert-authority * " + hostKeyText() + "\n");
    assertRefused("unknown host key");
  }

  private void refetch() throws Exception {
    AtomicFiles_delete(project.resolve("vendor"));
    dropCache();
    server.commands.clear();
  }

  private void assertRefused(String why) throws Exception {
    byte[] before = Files.readAllBytes(knownHosts);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains(why), r.err());
    assertTrue(r.err().contains(fingerprint()), r.err());
    assertArrayEquals(before, Files.readAllBytes(knownHosts));
    assertEquals(0, server.commands.size());
  }

  private String hostKeyText() {
    return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(server.hostKey.getPublic());
  }

  @Test
  void case41_sshConfigCannotTurnOffHostKeyChecksOrAddKeys() throws Exception {
    // The user's ssh config would accept any host key and write nothing; airlock reads none of it.
    Files.writeString(home.resolve(".ssh/config"), "Host *\n  StrictHostKeyChecking no\n"
        + "  UserKnownHostsFile /dev/null\n  IdentityFile ~/.ssh/id_ed25519\n");
    Files.writeString(knownHosts, "");
    // A default key the server would accept, which airlock must not pick up by itself.
    SshGitServer.writePrivateKey(CLIENT_KEY, home.resolve(".ssh/id_ed25519"), null);
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("unknown host key"), r.err());
    assertEquals("", Files.readString(knownHosts));
    // and with the host known but no key configured, ~/.ssh/id_ed25519 is not offered
    Files.writeString(knownHosts, server.knownHostsLine());
    manifest("", "- name: repo\n  git: { url: \"" + url() + "\", ref: v1 }\n");
    r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("authentication"), r.err());
    assertEquals(0, server.commands.size());
  }

  @Test
  void case43_passwordOnlyServerGetsNoPasswordAndFailsFast() throws Exception {
    try (SshGitServer pw = SshGitServer.start(repo.repo, null, SshGitServer.Mode.PASSWORD_ONLY)) {
      Files.writeString(knownHosts, pw.knownHostsLine());
      manifest("deploy: { ssh: { key: ~/.ssh/deploy_key } }\n", "- name: repo\n  credentials: deploy\n"
          + "  git: { url: \"ssh://git@127.0.0.1:" + pw.port() + "/r.git\", ref: v1 }\n");
      long start = System.nanoTime();
      CliRunner.Result r = cli.run("fetch");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertExit(3, r);
      assertTrue(r.err().contains("authentication"), r.err());
      assertEquals(0, pw.passwordAttempts.get());
      assertTrue(ms < 30_000, "took " + ms + " ms");
    }
  }

  @Test
  void case44_encryptedKeyWithoutPassphraseFailsWithoutPrompting() throws Exception {
    SshGitServer.writePrivateKey(CLIENT_KEY, key, "secret pass");
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(2, r);
    assertTrue(r.err().contains("encrypted"), r.err());
    assertTrue(r.err().contains("passphraseEnv"), r.err());
    assertEquals(0, server.publickeyAttempts.get());
  }

  @Test
  void case44_wrongPassphraseIsTriedOnceAndNeverPrinted() throws Exception {
    String wrong = Canary.next("passphrase");
    SshGitServer.writePrivateKey(CLIENT_KEY, key, "the right one");
    sshManifest("v1", ", passphraseEnv: KEY_PASS");
    CliRunner.Result r = cli.env("KEY_PASS", wrong).run("fetch", "-v");
    assertExit(3, r);
    assertTrue(r.err().contains("wrong passphrase"), r.err());
    assertTrue(r.err().contains("tried once"), r.err());
    assertEquals(0, server.publickeyAttempts.get());
    Canary.assertAbsent("output", r.all(), Canary.forms(wrong));
  }

  @Test
  void anEncryptedKeyWithItsPassphraseFromAFileWorks() throws Exception {
    String pass = Canary.next("passphrase");
    SshGitServer.writePrivateKey(CLIENT_KEY, key, pass);
    Path passFile = home.resolve("pass");
    Files.writeString(passFile, pass + "\n");
    Files.setPosixFilePermissions(passFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    sshManifest("v1", ", passphraseFile: ~/pass");
    CliRunner.Result r = cli.run("fetch", "-v");
    assertOk(r);
    Canary.assertAbsent("output", r.all(), Canary.forms(pass));
    Canary.assertAbsentInTree(project, Canary.forms(pass));
    Canary.assertAbsentInTree(home.resolve("cache"), Canary.forms(pass));
  }

  @Test
  void aMavenSettingsServerGivesThePrivateKeyAndItsEncryptedPassphrase() throws Exception {
    String pass = Canary.next("passphrase");
    String master = Canary.next("master");
    SshGitServer.writePrivateKey(CLIENT_KEY, key, pass);
    DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    Files.createDirectories(home.resolve(".m2"));
    Files.writeString(home.resolve(".m2/settings-security.xml"), "<settingsSecurity><master>"
        + cipher.encryptAndDecorate(master, "settings.security") + "</master></settingsSecurity>\n");
    Files.writeString(home.resolve(".m2/settings.xml"), "<settings><servers><server><id>git-deploy</id>"
        + "<privateKey>${user.home}/.ssh/deploy_key</privateKey><passphrase>" + cipher.encryptAndDecorate(pass, master)
        + "</passphrase></server></servers></settings>\n");
    manifest("deploy: { mavenSettings: { server: git-deploy } }\n",
        "- name: repo\n  credentials: deploy\n  git: { url: \"" + url() + "\", ref: v1 }\n");
    CliRunner.Result r = cli.run("fetch", "-v");
    assertOk(r);
    assertEquals("hello\n", Files.readString(vendor("repo").resolve("README.md")));
    List<String> forms = new ArrayList<>(Canary.forms(pass));
    forms.addAll(Canary.forms(master));
    Canary.assertAbsent("output", r.all(), forms);
    Canary.assertAbsentInTree(project, forms);
  }

  @Test
  void aKeyOthersCanReadIsRefused() throws Exception {
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    sshManifest("v1", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(2, r);
    assertTrue(r.err().contains("chmod 600"), r.err());
  }

  @Test
  void aNonSshCredentialForAnSshUrlIsAUsageError() throws Exception {
    manifest("tok: { token: { env: TOKEN } }\n",
        "- name: repo\n  credentials: tok\n  git: { url: \"" + url() + "\", ref: v1 }\n");
    CliRunner.Result r = cli.env("TOKEN", Canary.next("tok")).run("fetch");
    assertExit(2, r);
    assertTrue(r.err().contains("not an ssh credential"), r.err());
  }

  @Test
  void anUnknownRefNamesWhatTheServerHas() throws Exception {
    sshManifest("v9", "");
    CliRunner.Result r = cli.run("fetch");
    assertExit(3, r);
    assertTrue(r.err().contains("ref 'v9' not found"), r.err());
  }

  private String fingerprint() {
    return org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(server.hostKey.getPublic());
  }

  private static String otherHostKeyLine() {
    return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(SshGitServer.generateKey().getPublic());
  }

  private static void AtomicFiles_delete(Path p) throws Exception {
    dev.airlock.placement.AtomicFiles.deleteTree(p);
  }
}
