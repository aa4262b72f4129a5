package dev.airlock;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airlock.cli.CliContext;
import dev.airlock.common.Environment;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.sshd.server.SshServer;
import org.eclipse.jgit.lib.Repository;

/**
 * The workload {@code scripts/airlock} runs once per build under {@code -XX:ArchiveClassesAtExit}
 * (AppCDS) or {@code -XX:AOTCacheOutput} (JDK 25+) so later runs start with the classes of every
 * kind of source already parsed and verified: one fetch with a netrc credential from loopback
 * servers (an HTTPS server with a certificate made by the JDK's keytool, an in-process SSH server)
 * of an HTTPS file and an extracted tarball, a git repository over SSH and over smart HTTPS, and
 * the closure fetchers (an npm {@code package-lock.json}, a hashed {@code requirements.txt}, a
 * Maven {@code pom.xml}); then the up-to-date re-run, {@code verify}, {@code dockerfile} and
 * {@code scan}. Loopback only; everything it writes is under a temp folder it removes. Not a user
 * command: failures only make the archive smaller.
 */
public final class Training {
  private static final String PASSWORD = "airlock-cds-training";
  /** Every source the workload fetches, and a file each places. */
  static final Map<String, String> PLACED = Map.of(
      "file", "files/file/file.txt",
      "tree", "files/tree/pkg/README",
      "git-ssh", "git/git-ssh/bin/run",
      "git-https", "git/git-https/docs/guide.md",
      "npm-lock", "npm/_cacache",
      "pypi-lock", "pypi/training_pkg-1.0.0-py3-none-any.whl",
      "maven-pom", "maven/dev/airlock/training/training-lib/1.0.0/training-lib-1.0.0.jar.sha1");

  private Training() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("airlock-cds-");
    int code = 0;
    try {
      run(dir);
    } catch (Exception | AssertionError e) {
      System.err.println("airlock: class-data training: " + e.getMessage());
      code = 1;
    } finally {
      AtomicFiles.deleteQuietly(dir);
    }
    System.exit(code); // the JVM writes the archive on exit; no pool thread may hold it up
  }

  /** Runs the workload in {@code dir}; fails if a command did not succeed (then the archive is poorer). */
  static void run(Path dir) throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Path keystore = dir.resolve("server.p12");
    keytool("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
        "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    keytool("-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", "server",
        "-file", project.resolve("ca.pem").toString());

    TrainingFiles files = new TrainingFiles();
    Repository repo = TrainingGit.repository();
    KeyPair hostKey = TrainingGit.newKey();
    KeyPair clientKey = TrainingGit.newKey();
    Path sshDir = Files.createDirectories(home.resolve(".ssh"));
    TrainingGit.writePrivateKey(clientKey, sshDir.resolve("training_key"));
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "airlock-training-http");
      t.setDaemon(true);
      return t;
    });
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
    server.setExecutor(pool);
    server.createContext("/", files.handler()).setAuthenticator(netrcLogin());
    server.createContext("/git/", TrainingGit.smartHttp(repo)).setAuthenticator(netrcLogin());
    server.start();
    SshServer ssh = null;
    try {
      ssh = TrainingGit.ssh(repo, hostKey, clientKey);
      Files.writeString(sshDir.resolve("known_hosts"), TrainingGit.knownHostsLine(ssh.getPort(), hostKey));
      String origin = "https://127.0.0.1:" + server.getAddress().getPort();
      Path netrc = home.resolve(".netrc");
      Files.writeString(netrc, "machine 127.0.0.1 login training password " + PASSWORD + "\n");
      Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
      files.writeProject(project, origin);
      Files.writeString(project.resolve("fetch.yaml"), "version: 1\n"
          + "tls: { caCerts: [ca.pem] }\n"
          + "credentials:\n"
          + "  corp: { netrc: {} }\n"
          + "  deploy: { ssh: { key: ~/.ssh/training_key, knownHosts: ~/.ssh/known_hosts } }\n"
          + "docker: { base: 'busybox:stable' }\n"
          + "sources:\n"
          + "  - { name: file, credentials: corp, http: { url: '" + origin + "/file.txt', sha256: "
          + files.sha256("/file.txt") + " } }\n"
          + "  - { name: tree, credentials: corp, http: { url: '" + origin + "/tree.tar.gz', extract: true } }\n"
          + "  - { name: git-ssh, credentials: deploy, git: { url: 'ssh://git@127.0.0.1:" + ssh.getPort()
          + "/training.git', ref: v1 } }\n"
          + "  - { name: git-https, credentials: corp, git: { url: '" + origin + "/git/training.git', ref: main } }\n"
          + "  - { name: npm-lock, credentials: corp, npm: { registry: '" + origin + "/npm', lockfile: package-lock.json } }\n"
          + "  - { name: pypi-lock, credentials: corp, pypi: { index: '" + origin + "/simple', requirements: requirements.txt } }\n"
          + "  - { name: maven-pom, credentials: corp, maven: { repositories: ['" + origin + "/maven'], pom: pom.xml } }\n");
      Environment env = new Environment(Map.of("AIRLOCK_CACHE", dir.resolve("cache").toString()), home, project);
      for (List<String> command : List.of(List.of("fetch", "--no-progress"), List.of("fetch", "--no-progress"),
          List.of("verify"), List.of("dockerfile"), List.of("scan", "vendor"), List.of("--version"))) {
        StringWriter err = new StringWriter();
        int exit = Main.run(command.toArray(String[]::new),
            new CliContext(env, discard(), new PrintWriter(err), false));
        if (exit != 0) {
          throw new IOException("airlock " + String.join(" ", command) + " exited " + exit + ": " + err.toString().strip());
        }
      }
      for (Map.Entry<String, String> placed : PLACED.entrySet()) {
        if (!Files.exists(project.resolve("vendor").resolve(placed.getValue()))) {
          throw new IOException("the training fetch placed nothing for " + placed.getKey());
        }
      }
    } finally {
      if (ssh != null) {
        ssh.stop(); // graceful: an immediate stop races the client's closing connection (and prints it)
      }
      server.stop(0);
      pool.shutdownNow();
      repo.close();
    }
  }

  /** The netrc login the run's HTTPS server asks for (Basic). */
  private static BasicAuthenticator netrcLogin() {
    return new BasicAuthenticator("training") {
      @Override
      public boolean checkCredentials(String user, String password) {
        return "training".equals(user) && PASSWORD.equals(password);
      }
    };
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool " + args[0] + " failed");
    }
  }

  private static SSLContext serverContext(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static PrintWriter discard() {
    return new PrintWriter(Writer.nullWriter());
  }
}
