package dev.airlock.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A private registry for the demo: HTTPS on loopback with a CA made for this run, credentials made
 * for this run, and a {@code fetch.yaml} that fetches from it; beside it a git server over SSH
 * ({@link DemoGitServer}). In the work dir it writes {@code ca.pem}, {@code netrc} and
 * {@code token} (both 0600), the git server's key files, {@code fetch.yaml}, and last
 * {@code ready} holding the port.
 *
 * <p>{@code main(WORKDIR)} serves until stdin closes or the process is killed; tests use
 * {@link #start(Path)} and {@link #close()}.
 */
public final class DemoRegistry implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final String LOGIN = "demo";

  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  private final MockWebServer server;
  private final DemoGitServer git;
  private final Path workDir;

  private DemoRegistry(MockWebServer server, DemoGitServer git, Path workDir) {
    this.server = server;
    this.git = git;
    this.workDir = workDir;
  }

  public static DemoRegistry start(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    HeldCertificate ca = new HeldCertificate.Builder()
        .certificateAuthority(0)
        .commonName("airlock demo CA")
        .duration(1, TimeUnit.DAYS)
        .build();
    HeldCertificate serverCert = new HeldCertificate.Builder()
        .commonName("localhost")
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName(HOST)
        .signedBy(ca)
        .duration(1, TimeUnit.DAYS)
        .build();
    Files.writeString(workDir.resolve("ca.pem"), ca.certificatePem());

    String password = randomSecret(24);
    String token = randomSecret(32);
    writePrivate(workDir.resolve("netrc"),
        "machine " + HOST + " login " + LOGIN + " password " + password + "\n");
    writePrivate(workDir.resolve("token"), token);

    Map<String, byte[]> files = DemoArtifacts.build();
    MockWebServer server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder()
        .heldCertificate(serverCert, ca.certificate())
        .build()
        .sslSocketFactory());
    server.start(InetAddress.getByName(HOST), 0); // before the dispatcher: the packument names the port
    DemoPackages.Served packages = DemoPackages.build("https://" + HOST + ":" + server.getPort());
    files.putAll(packages.files());
    server.setDispatcher(new DemoDispatcher(files, packages.types(), LOGIN, password, token));

    DemoGitServer git = DemoGitServer.start(workDir);
    DemoRegistry registry = new DemoRegistry(server, git, workDir);
    Files.writeString(workDir.resolve("fetch.yaml"), DemoManifest.render(server.getPort(), files, git.url()));
    registry.writeAtomically("ready", server.getPort() + "\n");
    return registry;
  }

  public int port() {
    return server.getPort();
  }

  /** {@code https://127.0.0.1:PORT/PATH}; {@code path} starts with {@code /}. */
  public HttpUrl url(String path) {
    return HttpUrl.get("https://" + HOST + ":" + port() + path);
  }

  public Path workDir() {
    return workDir;
  }

  /** The git server's {@code ssh://} URL. */
  public String gitUrl() {
    return git.url();
  }

  @Override
  public void close() {
    server.close();
    git.close();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DemoRegistry WORKDIR");
      System.exit(2);
    }
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING); // one line per request is noise in the demo
    DemoRegistry registry = start(Path.of(args[0]).toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "demo-registry-stop"));
    System.err.println("demo registry: https://" + HOST + ":" + registry.port()
        + "/ (Basic under /basic/, Bearer under /bearer/) and git at " + registry.gitUrl()
        + "; stops when stdin closes");
    System.in.transferTo(OutputStream.nullOutputStream());
    System.exit(0); // the shutdown hook stops the server
  }

  /** URL-safe random text: fine unquoted in a netrc, in a header, and in a file. */
  private static String randomSecret(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Creates the file as 0600 before any byte is written, so the secret is never readable by others. */
  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Readers polling for {@code name} never see it half written. */
  private void writeAtomically(String name, String content) throws IOException {
    Path tmp = workDir.resolve(name + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, workDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
