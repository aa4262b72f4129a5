package dev.airlock;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What the {@link Training} run's loopback server serves besides git, and the project files that
 * ask for it: a file and a tarball for {@code http} sources, an npm tarball for a
 * {@code package-lock.json}, a wheel on a PEP 503 index for a hashed {@code requirements.txt}, and a
 * Maven repository (POM, jar, their {@code .sha1}) for a {@code pom.xml}. Built in memory, tiny.
 */
final class TrainingFiles {
  static final String FILE = "airlock class-data training\n";
  private static final String NPM = "training-pkg";
  private static final String NPM_DEP = "training-dep";
  private static final String WHEEL = "training_pkg-1.0.0-py3-none-any.whl";
  private static final String MAVEN_DIR = "/maven/dev/airlock/training/training-lib/1.0.0/";

  private final Map<String, byte[]> served = new ConcurrentHashMap<>();

  TrainingFiles() throws IOException {
    byte[] file = bytes(FILE);
    served.put("/file.txt", file);
    served.put("/tree.tar.gz", tarGz("pkg/README", file));
    for (String name : new String[] {NPM, NPM_DEP}) {
      served.put(npmPath(name), tarGz("package/package.json",
          bytes("{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"main\":\"index.js\"}\n")));
    }
    byte[] wheel = zip(Map.of("training_pkg/__init__.py", "VERSION = '1.0.0'\n",
        "training_pkg-1.0.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: training-pkg\nVersion: 1.0.0\n",
        "training_pkg-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: airlock\nRoot-Is-Purelib: true\n"
            + "Tag: py3-none-any\n"));
    served.put("/files/" + WHEEL, wheel);
    served.put("/simple/training-pkg/", bytes("<!DOCTYPE html><html><body><a href=\"../../files/" + WHEEL
        + "#sha256=" + hex("SHA-256", wheel) + "\">" + WHEEL + "</a></body></html>\n"));
    String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>dev.airlock.training</groupId><artifactId>training-lib</artifactId><version>1.0.0</version>"
        + "</project>\n";
    withSha1(MAVEN_DIR + "training-lib-1.0.0.pom", bytes(pom));
    withSha1(MAVEN_DIR + "training-lib-1.0.0.jar", zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
        "dev/airlock/training/README", FILE)));
  }

  /** Writes the files in {@code project} that point at {@code origin}: the npm lock, requirements, pom. */
  void writeProject(Path project, String origin) throws IOException {
    Files.writeString(project.resolve("package-lock.json"), "{\"name\":\"training-app\",\"version\":\"1.0.0\","
        + "\"lockfileVersion\":3,\"requires\":true,\"packages\":{"
        + "\"\":{\"name\":\"training-app\",\"version\":\"1.0.0\",\"dependencies\":{\"" + NPM + "\":\"1.0.0\"}},"
        + "\"node_modules/" + NPM + "\":{\"version\":\"1.0.0\",\"resolved\":\"" + origin + npmPath(NPM)
        + "\",\"integrity\":\"" + integrity(served.get(npmPath(NPM))) + "\",\"dependencies\":{\""
        + NPM_DEP + "\":\"1.0.0\"}},"
        + "\"node_modules/" + NPM_DEP + "\":{\"version\":\"1.0.0\",\"integrity\":\""
        + integrity(served.get(npmPath(NPM_DEP))) + "\"}}}\n");
    Files.writeString(project.resolve("requirements.txt"), "# pip-compile --generate-hashes\n"
        + "training-pkg==1.0.0 \\\n    --hash=sha256:" + hex("SHA-256", served.get("/files/" + WHEEL)) + "\n");
    Files.writeString(project.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
        + "<modelVersion>4.0.0</modelVersion><groupId>dev.airlock.training</groupId>"
        + "<artifactId>training-app</artifactId><version>1.0.0</version><packaging>pom</packaging>"
        + "<dependencies><dependency><groupId>dev.airlock.training</groupId><artifactId>training-lib</artifactId>"
        + "<version>1.0.0</version></dependency></dependencies></project>\n");
  }

  /** The sha256 (hex) of a served file. */
  String sha256(String path) {
    return hex("SHA-256", served.get(path));
  }

  /** GET of a served path: its bytes, else 404 (as a repository says it has no such file). */
  HttpHandler handler() {
    return exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
        byte[] body = served.get(exchange.getRequestURI().getPath());
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        String path = exchange.getRequestURI().getPath();
        exchange.getResponseHeaders().set("Content-Type", path.endsWith("/") ? "text/html; charset=utf-8"
            : path.endsWith(".sha1") || path.endsWith(".txt") ? "text/plain" : "application/octet-stream");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    };
  }

  private static String npmPath(String name) {
    return "/npm/" + name + "/-/" + name + "-1.0.0.tgz";
  }

  private void withSha1(String path, byte[] content) {
    served.put(path, content);
    served.put(path + ".sha1", bytes(hex("SHA-1", content)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] tarGz(String name, byte[] data) throws IOException {
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

  private static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(bytes(e.getValue()));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String integrity(byte[] data) {
    return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", data));
  }

  static String hex(String algorithm, byte[] data) {
    return HexFormat.of().formatHex(digest(algorithm, data));
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
