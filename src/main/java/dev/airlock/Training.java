package dev.airlock;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airlock.cli.CliContext;
import dev.airlock.common.Environment;
import dev.airlock.placement.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The workload {@code scripts/airlock} runs once per build under {@code -XX:ArchiveClassesAtExit}
 * to make an AppCDS archive: a fetch over HTTPS with a netrc credential from a loopback server
 * (certificate made by the JDK's keytool), an archive extracted, the up-to-date re-run,
 * {@code verify}, {@code dockerfile} and {@code scan}, so later runs start with those classes
 * already parsed and verified. Loopback only; everything it writes is under a temp folder it
 * removes. Not a user command: failures only make the archive smaller.
 */
public final class Training {
  private static final String PASSWORD = "airlock-cds-training";

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

    byte[] file = "airlock class-data training\n".getBytes(StandardCharsets.UTF_8);
    byte[] archive = tarGz("pkg/README", file);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestURI().getPath().endsWith(".tar.gz") ? archive : file;
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      String origin = "https://127.0.0.1:" + server.getAddress().getPort();
      Path netrc = home.resolve(".netrc");
      Files.writeString(netrc, "machine 127.0.0.1 login training password " + PASSWORD + "\n");
      Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(project.resolve("fetch.yaml"), "version: 1\n"
          + "tls: { caCerts: [ca.pem] }\n"
          + "credentials: { corp: { netrc: {} } }\n"
          + "docker: { base: 'busybox:stable' }\n"
          + "sources:\n"
          + "  - { name: file, credentials: corp, http: { url: '" + origin + "/file.txt', sha256: " + sha256(file) + " } }\n"
          + "  - { name: tree, credentials: corp, http: { url: '" + origin + "/tree.tar.gz', extract: true } }\n");
      Environment env = new Environment(Map.of("AIRLOCK_CACHE", dir.resolve("cache").toString()), home, project);
      for (List<String> command : List.of(List.of("fetch", "--no-progress"), List.of("fetch", "--no-progress"),
          List.of("verify"), List.of("dockerfile"), List.of("scan", "vendor"), List.of("--version"))) {
        int exit = Main.run(command.toArray(String[]::new), new CliContext(env, discard(), discard(), false));
        if (exit != 0) {
          throw new IOException("airlock " + String.join(" ", command) + " exited " + exit);
        }
      }
      if (!Files.isRegularFile(project.resolve("vendor/files/tree/pkg/README"))) {
        throw new IOException("the training fetch placed nothing");
      }
    } finally {
      server.stop(0);
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
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

  private static byte[] tarGz(String name, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static PrintWriter discard() {
    return new PrintWriter(Writer.nullWriter());
  }
}
