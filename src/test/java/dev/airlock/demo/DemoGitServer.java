package dev.airlock.demo;

import dev.airlock.testing.SshGitServer;
import dev.airlock.testing.TestRepo;
import dev.airlock.testing.TestRepo.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The demo's private git server: SSH on loopback (Apache MINA SSHD + JGit's UploadPack) with a host
 * key made for this run, serving {@code platform/config.git} to one client key only. In the work
 * dir it writes {@code ssh_key} (an encrypted OpenSSH key, 0600), {@code ssh_passphrase} (0600)
 * and {@code known_hosts}.
 */
final class DemoGitServer implements AutoCloseable {
  static final String REPO_PATH = "/platform/config.git";
  static final String TAG = "v2.1.0";

  private final SshGitServer server;
  private final TestRepo repo;
  final ObjectId commit;

  private DemoGitServer(SshGitServer server, TestRepo repo, ObjectId commit) {
    this.server = server;
    this.repo = repo;
    this.commit = commit;
  }

  static DemoGitServer start(Path workDir) throws IOException {
    TestRepo repo = TestRepo.create(workDir.resolve("git-server").resolve("config.git"));
    ObjectId c = repo.commit(Map.of(
        "README.md", Entry.file("# platform config\n\nTemplates the services render at start-up.\n"),
        "templates/app.conf", Entry.file("listen = 0.0.0.0:8080\nlog_level = info\n"),
        "templates/nginx.conf", Entry.file("server { listen 80; location / { proxy_pass http://app:8080; } }\n"),
        "templates/render.sh", Entry.exec("#!/bin/sh\nenvsubst < \"$1\"\n"),
        "internal/NOTES.md", Entry.file("Not vendored: the manifest asks for templates/ only.\n")));
    repo.branch("main", c);
    repo.head("main");
    repo.tag(TAG, c);
    KeyPair client = SshGitServer.generateKey();
    String passphrase = randomSecret();
    SshGitServer.writePrivateKey(client, workDir.resolve("ssh_key"), passphrase);
    writePrivate(workDir.resolve("ssh_passphrase"), passphrase);
    SshGitServer server = SshGitServer.start(path -> path.equals(REPO_PATH) ? repo.repo : null,
        SshGitServer.generateKey(), client.getPublic(), SshGitServer.Mode.PUBLICKEY);
    Files.writeString(workDir.resolve("known_hosts"), server.knownHostsLine());
    return new DemoGitServer(server, repo, c);
  }

  int port() {
    return server.port();
  }

  String url() {
    return "ssh://git@" + DemoRegistry.HOST + ":" + port() + REPO_PATH;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // stopping anyway
    }
    repo.close();
  }

  private static String randomSecret() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
