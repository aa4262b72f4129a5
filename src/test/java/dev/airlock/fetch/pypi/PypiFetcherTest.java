package dev.airlock.fetch.pypi;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.CliRunner;
import dev.airlock.testing.FakeRegistry;
import dev.airlock.testing.PackageProject;
import dev.airlock.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pypi:} sources through the CLI against an HTTPS simple index (PEP 691 JSON and PEP 503 HTML). */
class PypiFetcherTest {
  static final TestTls TLS = new TestTls();
  static final String WHEEL = "internal_lib-1.4.2-py3-none-any.whl";
  static final String SDIST = "internal-lib-1.4.2.tar.gz";
  static final String OLD_WHEEL = "internal_lib-1.4.1-py3-none-any.whl";
  static final String PAGE = "/simple/internal-lib/";
  @TempDir Path dir;
  @TempDir Path home;
  FakeRegistry index;
  PackageProject p;

  /** One file link on a project page. */
  record Link(String name, String href, String hash, boolean yanked) {
    static Link to(String name, byte[] content) {
      return new Link(name, "../../files/" + name, sha256(content), false);
    }

    Link yank() {
      return new Link(name, href, hash, true);
    }

    Link withHash(String other) {
      return new Link(name, href, other, yanked);
    }

    Link href(String other) {
      return new Link(name, other, hash, yanked);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    index = new FakeRegistry(TLS, "127.0.0.1");
    p = new PackageProject(TLS, dir, home, "127.0.0.1");
  }

  @AfterEach
  void tearDown() {
    index.close();
  }

  static String json(List<Link> links) {
    StringBuilder b = new StringBuilder("{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"internal-lib\",\"files\":[");
    for (int i = 0; i < links.size(); i++) {
      Link l = links.get(i);
      b.append(i == 0 ? "" : ",").append("{\"filename\":\"").append(l.name).append("\",\"url\":\"").append(l.href)
          .append("\",\"hashes\":{").append(l.hash == null ? "" : "\"sha256\":\"" + l.hash + "\"").append('}')
          .append(l.yanked ? ",\"yanked\":\"broken build\"" : "").append('}');
    }
    return b.append("]}").toString();
  }

  static String html(List<Link> links) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta name=\"pypi:repository-version\" "
        + "content=\"1.0\"><title>Links for internal-lib</title></head><body><h1>Links for internal-lib</h1>\n");
    for (Link l : links) {
      b.append("<a href=\"").append(l.href).append(l.hash == null ? "" : "#sha256=" + l.hash).append('"')
          .append(l.yanked ? " data-yanked=\"broken &amp; bad\"" : "")
          .append(" data-requires-python=\"&gt;=3.8\">").append(l.name).append("</a><br/>\n");
    }
    return b.append("</body></html>").toString();
  }

  void serveFiles(String... names) {
    for (String n : names) {
      index.put("/files/" + n, "application/octet-stream", bytes("content of " + n));
    }
  }

  static byte[] content(String name) {
    return bytes("content of " + name);
  }

  List<Link> standardLinks() {
    return List.of(Link.to(OLD_WHEEL, content(OLD_WHEEL)), Link.to(WHEEL, content(WHEEL)), Link.to(SDIST, content(SDIST)));
  }

  void source(String extra) throws Exception {
    p.manifest("  - { name: lib, credentials: corp, pypi: { index: '" + index.url("/simple") + "', requirement: "
        + "'Internal_Lib==1.4.2'" + extra + " } }\n");
  }

  List<String> vendoredPypi() throws Exception {
    try (Stream<Path> s = Files.list(p.vendor("pypi"))) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void pep691JsonWithRelativeLinksVendorsEveryFileOfTheVersionFlat() throws Exception {
    index.requireAuthorization(p.basic());
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(standardLinks()));
    serveFiles(OLD_WHEEL, WHEEL, SDIST);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(SDIST, WHEEL), vendoredPypi());
    assertEquals("content of " + WHEEL, Files.readString(p.vendor("pypi/" + WHEEL)));
    RecordedRequest page = index.requests().get(0);
    assertEquals(PAGE, page.getTarget(), "PEP 503 normalised name, trailing slash");
    assertTrue(page.getHeaders().get("Accept").startsWith("application/vnd.pypi.simple.v1+json"));
    String lock = p.lock();
    assertTrue(lock.contains("pypi/" + WHEEL + ": " + sha256(content(WHEEL))), lock);
    assertTrue(lock.contains("url." + WHEEL + ": " + index.url("/files/" + WHEEL)), lock);
    assertTrue(lock.contains("version: \"1.4.2\""), lock);
    assertFalse(lock.contains(OLD_WHEEL), lock);
    p.assertNoSecretLeaked(r);
    assertEquals(0, p.cli.run("verify").exit());
  }

  @Test
  void pep503HtmlFallbackSkipsYankedFilesAndReadsHashFragments() throws Exception {
    List<Link> links = new ArrayList<>(standardLinks());
    links.set(2, links.get(2).yank());
    index.put(PAGE, "text/html; charset=utf-8", html(links));
    serveFiles(OLD_WHEEL, WHEEL, SDIST);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(WHEEL), vendoredPypi(), "the yanked sdist is left out");
  }

  @Test
  void aYankedFileIsTakenWhenFilesNamesItExactly() throws Exception {
    index.put(PAGE, "text/html", html(List.of(Link.to(WHEEL, content(WHEEL)).yank(), Link.to(SDIST, content(SDIST)).yank())));
    serveFiles(WHEEL, SDIST);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("every file of internal-lib==1.4.2 is yanked"), r.err());
    source(", files: ['" + WHEEL + "']");
    r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(WHEEL), vendoredPypi());
    source(", files: ['*.whl']");
    r = p.fetch();
    assertEquals(3, r.exit(), "a glob does not take yanked files");
    assertTrue(r.err().contains("matches no unyanked file"), r.err());
  }

  @Test
  void filesGlobNarrowsTheSelection() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(standardLinks()));
    serveFiles(OLD_WHEEL, WHEEL, SDIST);
    source(", files: ['*-py3-none-any.whl']");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(WHEEL), vendoredPypi());
    source(", files: ['*-cp312-*.whl']");
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("'*-cp312-*.whl' matches no unyanked file of internal-lib==1.4.2"), r.err());
  }

  @Test
  void versionsAreComparedAsPep440NotAsText() throws Exception {
    String padded = "internal_lib-1.4.2.0-py3-none-any.whl";
    String longer = "internal-lib-1.4.20.tar.gz";
    String otherProject = "internal-lib-extra-1.4.2.tar.gz";
    String upper = "Internal.Lib-1.4.2.zip";
    List<Link> links = Stream.of(padded, longer, otherProject, upper)
        .map(n -> Link.to(n, content(n))).toList();
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(links));
    serveFiles(padded, longer, otherProject, upper);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(upper, padded), vendoredPypi());
  }

  @Test
  void absoluteLinksToAnotherHostGetNoTokenButTheirOwnNetrcEntry() throws Exception {
    try (FakeRegistry files = new FakeRegistry(TLS, "localhost")) {
      List<Link> links = List.of(Link.to(WHEEL, content(WHEEL)).href(files.url("/f/" + WHEEL)));
      index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(links));
      files.put("/f/" + WHEEL, "application/octet-stream", content(WHEEL));
      index.requireAuthorization(p.bearer());
      p.manifest("  - { name: lib, credentials: tok, pypi: { index: '" + index.url("/simple/")
          + "', requirement: internal-lib==1.4.2 } }\n");
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      assertEquals(p.bearer(), index.requests().get(0).getHeaders().get("Authorization"));
      assertNull(files.requests().get(0).getHeaders().get("Authorization"), "the token stays with the index origin");
      p.assertNoSecretLeaked(r);

      // netrc: each host gets its own entry, looked up for that host.
      Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login me password " + p.password
          + "\nmachine localhost login files password " + p.token + "\n");
      index.requireAuthorization(p.basic());
      files.clearRequests();
      p.clearCache();
      Files.delete(dir.resolve("fetch.lock"));
      p.manifest("  - { name: lib, credentials: corp, pypi: { index: '" + index.url("/simple/")
          + "', requirement: internal-lib==1.4.2 } }\n");
      r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      String filesAuth = files.requests().get(0).getHeaders().get("Authorization");
      assertTrue(filesAuth != null && !filesAuth.equals(p.basic()), "the file host's own netrc entry");
      p.assertNoSecretLeaked(r);
    }
  }

  @Test
  void shaMismatchExits3AndPlacesNothing() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json",
        json(List.of(Link.to(WHEEL, content(WHEEL)), Link.to(SDIST, content(SDIST)).withHash(sha256(bytes("other"))))));
    serveFiles(WHEEL, SDIST);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("sha256 mismatch"), r.err());
    assertFalse(Files.exists(p.vendor("pypi")), "nothing placed");
    assertFalse(Files.exists(dir.resolve("fetch.lock")));
  }

  @Test
  void aFileWithoutSha256IsRefused() throws Exception {
    index.put(PAGE, "text/html", html(List.of(Link.to(WHEEL, content(WHEEL)).withHash(null))));
    serveFiles(WHEEL);
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("gives no sha256 for " + WHEEL), r.err());
    assertFalse(Files.exists(p.vendor("pypi")));
  }

  @Test
  void aLoginPageWith200IsAnError() throws Exception {
    index.put(PAGE, "text/html", "<html><body><form action=/login method=post><input name=user>"
        + "<input type=password name=pw></form></body></html>");
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("login page"), r.err());

    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(List.of(Link.to(WHEEL, content(WHEEL)))));
    index.put("/files/" + WHEEL, "text/html", "<html><body>Please sign in</body></html>");
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("HTML page"), r.err());
    assertFalse(Files.exists(p.vendor("pypi")));
  }

  @Test
  void unknownVersionListsWhatIsThere() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(List.of(Link.to(OLD_WHEEL, content(OLD_WHEEL)))));
    source("");
    CliRunner.Result r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("no files of internal-lib==1.4.2") && r.err().contains("versions there: 1.4.1"), r.err());
  }

  @Test
  void theLockReproducesFromTheCacheWithoutTheIndexAndRefusesAChangedIndex() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(standardLinks()));
    serveFiles(OLD_WHEEL, WHEEL, SDIST);
    source("");
    assertEquals(0, p.fetch().exit());
    String lock = p.lock();
    index.clearRequests();
    Files.delete(p.vendor("pypi/" + WHEEL));
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(), index.targets(), "every pinned file came from the cache");
    assertEquals(lock, p.lock());

    p.clearCache();
    Files.delete(p.vendor("pypi/" + WHEEL));
    index.put("/files/" + WHEEL, "application/octet-stream", bytes("rebuilt"));
    index.put(PAGE, "application/vnd.pypi.simple.v1+json",
        json(List.of(Link.to(WHEEL, bytes("rebuilt")), Link.to(SDIST, content(SDIST)))));
    r = p.fetch();
    assertEquals(3, r.exit(), r.all());
    assertTrue(r.err().contains("no longer matches fetch.lock"), r.err());
    assertEquals(lock, p.lock());
  }

  @Test
  void sourcesShareThePypiFolderAndPruneOnlyTheirOwnFiles() throws Exception {
    String otherPage = "/simple/other/";
    String otherWheel = "other-2.0-py3-none-any.whl";
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(standardLinks()));
    index.put(otherPage, "application/vnd.pypi.simple.v1+json", json(List.of(Link.to(otherWheel, content(otherWheel)))));
    serveFiles(OLD_WHEEL, WHEEL, SDIST, otherWheel);
    String other = "  - { name: other, pypi: { index: '" + index.url("/simple") + "', requirement: other==2.0 } }\n";
    p.manifest("  - { name: lib, pypi: { index: '" + index.url("/simple") + "', requirement: internal-lib==1.4.2 } }\n"
        + other);
    assertEquals(0, p.fetch().exit());
    assertEquals(List.of(SDIST, WHEEL, otherWheel), vendoredPypi());

    p.manifest("  - { name: lib, pypi: { index: '" + index.url("/simple") + "', requirement: internal-lib==1.4.1 } }\n"
        + other);
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(OLD_WHEEL, otherWheel), vendoredPypi(), "1.4.2's files pruned, other's kept");

    p.manifest(other);
    r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(otherWheel), vendoredPypi());
    assertEquals(0, p.cli.run("verify").exit());
  }

  @Test
  void twoSourcesVendoringOneFileNameWithDifferentContentIsAnError() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(List.of(Link.to(WHEEL, content(WHEEL)))));
    index.put("/mirror/internal-lib/", "application/vnd.pypi.simple.v1+json",
        json(List.of(Link.to(WHEEL, bytes("different")).href("/mirror-files/" + WHEEL))));
    index.put("/mirror-files/" + WHEEL, "application/octet-stream", bytes("different"));
    serveFiles(WHEEL);
    p.manifest("  - { name: a, pypi: { index: '" + index.url("/simple") + "', requirement: internal-lib==1.4.2 } }\n"
        + "  - { name: b, pypi: { index: '" + index.url("/mirror") + "', requirement: internal-lib==1.4.2 } }\n");
    CliRunner.Result r = p.fetch();
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("sources 'a' and 'b' both vendor pypi/" + WHEEL + " with different content"), r.err());
    assertFalse(Files.exists(p.vendor("pypi")));

    index.put("/mirror/internal-lib/", "application/vnd.pypi.simple.v1+json",
        json(List.of(Link.to(WHEEL, content(WHEEL)))));
    r = p.fetch();
    assertEquals(0, r.exit(), "the same file from two sources is fine: " + r.all());
    p.manifest("  - { name: b, pypi: { index: '" + index.url("/mirror") + "', requirement: internal-lib==1.4.2 } }\n");
    r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertEquals(List.of(WHEEL), vendoredPypi(), "removing a keeps the file b still lists");
  }

  @Test
  void aNetrcDefaultEntryIsNeverUsedForTheFileHost() throws Exception {
    try (FakeRegistry files = new FakeRegistry(TLS, "localhost")) {
      index.put(PAGE, "application/vnd.pypi.simple.v1+json",
          json(List.of(Link.to(WHEEL, content(WHEEL)).href(files.url("/f/" + WHEEL)))));
      files.put("/f/" + WHEEL, "application/octet-stream", content(WHEEL));
      Files.writeString(home.resolve(".netrc"), "default login me password " + p.password + "\n");
      index.requireAuthorization(p.basic());
      Files.writeString(dir.resolve("fetch.yaml"), """
          version: 1
          tls: { caCerts: [ca.pem] }
          credentials:
            anyhost: { netrc: { default: true } }
          sources:
            - { name: lib, credentials: anyhost, pypi: { index: '%s', requirement: internal-lib==1.4.2 } }
          """.formatted(index.url("/simple")));
      CliRunner.Result r = p.fetch();
      assertEquals(0, r.exit(), r.all());
      assertEquals(p.basic(), index.requests().get(0).getHeaders().get("Authorization"), "default applies to the index");
      assertNull(files.requests().get(0).getHeaders().get("Authorization"), "but not to a host the index links to");
      p.assertNoSecretLeaked(r);
    }
  }

  @Test
  void aSourceThatChangesKindLeavesNoFileBehind() throws Exception {
    index.put(PAGE, "application/vnd.pypi.simple.v1+json", json(List.of(Link.to(WHEEL, content(WHEEL)))));
    serveFiles(WHEEL);
    source("");
    assertEquals(0, p.fetch().exit());
    assertTrue(Files.exists(p.vendor("pypi/" + WHEEL)));
    p.manifest("  - { name: lib, http: { url: '" + index.url("/files/" + WHEEL) + "' } }\n");
    CliRunner.Result r = p.fetch();
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.exists(p.vendor("files/lib/" + WHEEL)));
    assertFalse(Files.exists(p.vendor("pypi")), "the pypi file and its folder are gone");
    assertEquals(0, p.cli.run("verify").exit());
  }
}
