package dev.airlock.scan.image;

import static dev.airlock.scan.Fixtures.Entry.dir;
import static dev.airlock.scan.Fixtures.Entry.file;
import static dev.airlock.scan.Fixtures.of;
import static dev.airlock.scan.image.ImageFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.image.ImageFixture.Layer;
import dev.airlock.testing.Canary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images built by hand: the seed's two leaks, layouts, history, coverage. No daemon. */
class ImageScannerTest {
  @TempDir Path temp;
  final String netrcPassword = Canary.next("netrc");
  final String token = Canary.next("token");
  final KnownSecrets known = Fixtures.secrets("netrc:pypi.corp.example", netrcPassword, "pypi-token", token);

  static Layer base() throws IOException {
    return Layer.gzip(dir("etc/"), file("etc/os-release", "ID=debian\n"), file("usr/bin/python3", "ELF..."));
  }

  private ScanResult scan(byte[] archive, KnownSecrets k) throws IOException {
    Path f = temp.resolve("image.tar");
    Files.write(f, archive);
    return scan(f, k);
  }

  private ScanResult scan(Path input, KnownSecrets k) throws IOException {
    ScanResult r = new ScanResult();
    new ImageScanner(Fixtures.blobs(k, r, temp)).scan(input, "image.tar");
    return r;
  }

  private static Finding only(ScanResult r, Rule rule) {
    List<Finding> f = of(r, rule);
    assertEquals(1, f.size(), r.findings().toString());
    return f.get(0);
  }

  @Test
  void seedLeakOneCopyNetrcThenRmIsStillInTheImageHistory() throws IOException {
    Layer copy = Layer.gzip(dir("root/"), file("root/.netrc",
        "machine pypi.corp.example\nlogin ci\npassword " + netrcPassword + "\n"));
    Layer rm = Layer.gzip(dir("root/"), file("root/.wh..netrc", ""), file("usr/lib/python3/site.py", "x"));
    byte[] cfg = config(List.of("PATH=/usr/bin"), List.of("ADD rootfs.tar /", "COPY .netrc /root/.netrc # buildkit",
        "RUN /bin/sh -c pip install internal-lib && rm /root/.netrc # buildkit"));
    ScanResult r = scan(ImageFixture.dockerSave(cfg, base(), copy, rm), known);
    String layer2 = "layer 2/3 " + ImageFixture.digest(copy.blob()).substring(0, 19);
    Finding netrc = only(r, Rule.NETRC_FILE);
    assertEquals("image.tar!/" + layer2 + "!/root/.netrc:3", netrc.location().display());
    assertEquals("in image history: deleted by layer 3 of 3", netrc.location().note().orElseThrow());
    Finding k = only(r, Rule.KNOWN_SECRET);
    assertEquals("netrc:pypi.corp.example", k.subject());
    assertEquals(netrc.location(), k.location());
    // without knowing the password, the credential-file tier alone still fails the image
    assertEquals(1, of(scan(ImageFixture.dockerSave(cfg, base(), copy, rm), KnownSecrets.none()),
        Rule.NETRC_FILE).size());
  }

  @Test
  void seedLeakTwoBuildArgInHistory() throws IOException {
    byte[] cfg = config(List.of("PATH=/usr/bin"), List.of("ADD rootfs.tar /", "ARG TOKEN",
        "RUN |1 TOKEN=" + token + " /bin/sh -c pip install --extra-index-url https://__token__:$TOKEN@pypi.corp/simple x"));
    ScanResult r = scan(ImageFixture.dockerSave(cfg, base()), known);
    Finding arg = only(r, Rule.IMAGE_BUILD_ARG);
    assertTrue(arg.location().display().matches("image.tar!/config sha256:[0-9a-f]{12}!/history/2/created_by"),
        arg.location().display());
    assertEquals("TOKEN", arg.detail());
    assertEquals("pypi-token", only(r, Rule.KNOWN_SECRET).subject());
    assertEquals(1, of(scan(ImageFixture.dockerSave(cfg, base()), KnownSecrets.none()), Rule.IMAGE_BUILD_ARG).size());
  }

  @Test
  void envLabelsCmdAndOnBuildInTheConfig() throws IOException {
    String json = "{\"architecture\":\"amd64\",\"rootfs\":{},\"config\":{\"Env\":[\"NPM_TOKEN=npm-value-1\","
        + "\"GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\",\"GOPRIVATE=corp\",\"NETRC=/run/secrets/netrc\"],"
        + "\"Labels\":{\"deploy.password\":\"label-secret\",\"org.opencontainers.image.source\":\"https://x\"},"
        + "\"Cmd\":[\"app\",\"--token=cmd-secret-1\"],\"OnBuild\":[\"ARG GITHUB_TOKEN\"]},"
        + "\"history\":[{\"created_by\":\"/bin/sh -c #(nop)  ENV API_KEY=history-secret\"}]}";
    ScanResult r = scan(ImageFixture.dockerSave(Fixtures.utf8(json), base()), KnownSecrets.none());
    assertEquals(List.of("dockerfile/secret-name", "image/cmd-secret", "image/env", "image/label"), Fixtures.rules(r));
    assertEquals(2, of(r, Rule.IMAGE_ENV).size(), "Env NPM_TOKEN and history ENV API_KEY");
  }

  @Test
  void overwrittenAndOpaqueFoldersAreHistoryToo() throws IOException {
    Layer first = Layer.tar(file("app/config/.npmrc", "//r/:_authToken=tok-abcdef-123"), file("app/x.pem",
        dev.airlock.testing.Pem.armor("PRIVATE KEY", "A".repeat(64) + "\n" + "B".repeat(64))));
    Layer second = Layer.tar(file("app/config/.wh..wh..opq", ""), file("app/x.pem", "replaced"));
    ScanResult r = scan(ImageFixture.dockerSave(config(List.of(), List.of()), first, second), KnownSecrets.none());
    assertEquals("in image history: hidden (opaque folder) by layer 2 of 2",
        only(r, Rule.NPMRC_FILE).location().note().orElseThrow());
    assertEquals("in image history: overwritten by layer 2 of 2",
        only(r, Rule.PRIVATE_KEY).location().note().orElseThrow());
  }

  @Test
  void ociLayoutFolderAndTarballWithZstdLayersAndForeignBlobs() throws IOException {
    Layer zst = new Layer(Fixtures.zstd(Fixtures.tar(file("opt/app/.git-credentials",
        "https://u:" + token + "@git.corp\n"))), "application/vnd.oci.image.layer.v1.tar+zstd");
    Path dir = temp.resolve("oci");
    ImageFixture.ociDir(dir, config(List.of(), List.of()), List.of(base(), zst));
    ScanResult r = scan(dir, known);
    assertEquals(List.of("credential-file/git-credentials", "known-secret", "pattern/url-credentials"), Fixtures.rules(r));
    assertTrue(only(r, Rule.KNOWN_SECRET).location().note().orElseThrow().equals("present in the final image"));
    byte[] attestation = Fixtures.utf8("{\"predicate\":{\"token\":\"" + token + "\"}}");
    byte[] oci = Fixtures.tar(ImageFixture.ociMembers(config(List.of(), List.of()), List.of(base()), false,
        List.of(attestation, Fixtures.gzip(Fixtures.utf8("blob " + token))), false).toArray(Fixtures.Entry[]::new));
    ScanResult blobs = scan(oci, known);
    assertEquals(2, of(blobs, Rule.KNOWN_SECRET).size(), "a JSON blob and a gzip blob that are not layers");
    assertTrue(blobs.coverage().stream().anyMatch(c -> c.reason().startsWith("not a layer")), blobs.coverage().toString());
  }

  @Test
  void unknownMediaTypesMissingBlobsAndNoManifestAreFindings() throws IOException {
    Layer odd = new Layer(Fixtures.tar(file("a", "b")), "application/vnd.oci.image.layer.v1.tar+encrypted");
    ScanResult r = scan(ImageFixture.dockerSave(config(List.of(), List.of()), base(), odd), KnownSecrets.none());
    assertEquals(List.of("coverage/unknown-media-type"), Fixtures.rules(r));
    byte[] missing = Fixtures.tar(ImageFixture.ociMembers(config(List.of(), List.of()), List.of(base(), odd), false,
        List.of(), true).toArray(Fixtures.Entry[]::new));
    assertTrue(Fixtures.rules(scan(missing, KnownSecrets.none())).contains("coverage/missing-blob"));
    ScanResult bare = scan(Fixtures.tar(file("layer.tar", "x")), KnownSecrets.none());
    assertEquals(List.of("coverage/partial"), Fixtures.rules(bare));
  }

  @Test
  void legacyDockerArchiveWithPerLayerJson() throws IOException {
    byte[] legacy = Fixtures.utf8("{\"id\":\"x\",\"container_config\":{\"Env\":[\"DB_PASSWORD=legacy-secret\"]}}");
    byte[] archive = ImageFixture.legacyArchive(config(List.of(), List.of()), legacy,
        Fixtures.tar(file("etc/.pypirc", "[pypi]\npassword = pypi-legacy-value\n")), Fixtures.tar(file("etc/.wh..pypirc", "")));
    ScanResult r = scan(archive, KnownSecrets.none());
    assertEquals(List.of("credential-file/pypirc", "image/env"), Fixtures.rules(r));
    assertEquals("in image history: deleted by layer 2 of 2", only(r, Rule.PYPIRC_FILE).location().note().orElseThrow());
  }

  @Test
  void aCleanImageHasFullCoverageAndNoFindings() throws IOException {
    ScanResult r = scan(ImageFixture.dockerSave(config(List.of("PATH=/usr/bin", "LANG=C.UTF-8"),
        List.of("ADD rootfs.tar /", "COPY vendor/ /opt/vendor/ # buildkit")), base(),
        Layer.gzip(file("opt/vendor/pypi/lib-1.0-py3-none-any.whl", Fixtures.zip(file("lib/__init__.py", "x=1"))))),
        known);
    assertTrue(r.clean(), r.findings().toString());
    List<Coverage> layers = r.coverage().stream().filter(c -> c.input().contains("!/layer ")).toList();
    assertEquals(2, layers.size(), r.coverage().toString());
    assertTrue(r.coverage().stream().allMatch(c -> c.status() == Coverage.Status.SCANNED));
  }
}
