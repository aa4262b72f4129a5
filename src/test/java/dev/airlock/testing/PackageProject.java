package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A project dir for backend tests: the test CA, a netrc with a canary password for one host, a
 * canary bearer token in {@code $TOKEN}, credentials {@code corp} (netrc) and {@code tok} (token),
 * and a CLI runner with its own HOME.
 */
public final class PackageProject {
  public static final String LOGIN = "me";
  public final Path dir;
  public final Path home;
  public final String password = Canary.next("netrc");
  public final String token = Canary.next("bearer");
  public final CliRunner cli;

  public PackageProject(TestTls tls, Path dir, Path home, String netrcHost) throws IOException {
    this.dir = dir;
    this.home = home;
    tls.writeCa(dir);
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine " + netrcHost + " login " + LOGIN + " password " + password + "\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    cli = new CliRunner(dir, home).env("TOKEN", token);
  }

  public String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((LOGIN + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public String bearer() {
    return "Bearer " + token;
  }

  public void manifest(String sources) throws IOException {
    Files.writeString(dir.resolve("fetch.yaml"), """
        version: 1
        tls: { caCerts: [ca.pem] }
        credentials:
          corp: { netrc: {} }
          tok: { token: { env: TOKEN } }
        sources:
        """ + sources);
  }

  public CliRunner.Result fetch() {
    return cli.run("fetch");
  }

  public Path vendor(String path) {
    return dir.resolve("vendor").resolve(path);
  }

  public String lock() throws IOException {
    return Files.readString(dir.resolve("fetch.lock"));
  }

  public void clearCache() throws IOException {
    dev.airlock.placement.AtomicFiles.deleteTree(home.resolve(".cache"));
  }

  /** Every form of both secrets is absent from the run's output, the lock, vendor and the cache. */
  public void assertNoSecretLeaked(CliRunner.Result r) throws IOException {
    List<String> forms = new ArrayList<>(Canary.forms(password, LOGIN));
    forms.addAll(Canary.forms(token));
    Canary.assertAbsent("output", r.all(), forms);
    Canary.assertAbsentInTree(dir.resolve("fetch.lock"), forms);
    Canary.assertAbsentInTree(dir.resolve("vendor"), forms);
    Canary.assertAbsentInTree(dir.resolve(".airlock"), forms);
    Canary.assertAbsentInTree(home.resolve(".cache"), forms);
  }

  public static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(byte[] data) {
    return hex("SHA-256", data);
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
