package dev.airlock.scan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.scan.Fixtures;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.testing.Canary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileScannerTest {
  @TempDir Path temp;

  private ScanResult scan(String dockerfile) {
    return scan(dockerfile, KnownSecrets.none());
  }

  private ScanResult scan(String dockerfile, KnownSecrets k) {
    ScanResult r = new ScanResult();
    new DockerfileScanner(Fixtures.context(k, r, temp)).scanText(dockerfile, Location.of("Dockerfile"));
    return r;
  }

  private static List<String> found(ScanResult r) {
    return r.findings().stream().map(f -> f.rule().id() + "@" + f.location().line()).toList();
  }

  @Test
  void theSeedsInsecureDockerfile() {
    ScanResult r = scan("""
        FROM python:3.12-slim
        ARG TOKEN
        COPY .netrc /root/.netrc
        RUN pip install --index-url https://pypi.corp.example/simple internal-lib \\
            && rm /root/.netrc
        RUN pip install --extra-index-url https://__token__:${TOKEN}@pypi.corp.example/simple other
        """);
    assertEquals(List.of("dockerfile/secret-arg@2", "dockerfile/copy-credentials@3"), found(r));
  }

  @Test
  void secretEnvAddUrlAndWritesOfCredentialFiles() {
    ScanResult r = scan("""
        FROM alpine
        ENV NPM_TOKEN=abc123 GOPRIVATE=corp.example PUBLIC_KEY=x
        ADD https://deploy:pa55word@files.corp.example/x.tgz /x.tgz
        RUN echo "//r/:_authToken=$NPM_TOKEN" > /root/.npmrc && npm ci
        RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc ~/.npmrc && npm ci && rm ~/.npmrc
        COPY <<EOF /root/.netrc
        machine h login u password heredoc-secret
        EOF
        ONBUILD ARG GITHUB_TOKEN
        """);
    assertEquals(List.of("dockerfile/secret-env@2", "credential-file/netrc@7", "dockerfile/add-url-credentials@3",
        "pattern/url-credentials@3", "dockerfile/write-credentials@4", "dockerfile/write-credentials@6",
        "dockerfile/secret-name@9").stream().sorted().toList(), found(r).stream().sorted().toList());
    Finding netrc = r.findings().stream().filter(f -> f.rule() == Rule.NETRC_FILE).findFirst().orElseThrow();
    assertEquals("in a heredoc written to /root/.netrc", netrc.location().note().orElseThrow());
  }

  @Test
  void aFileNamedLikeAKeyIsAWarningTheNameAloneCannotTell() {
    ScanResult r = scan("""
        FROM eclipse-temurin:21-jdk
        COPY jenkins.io-2026.key /usr/share/jenkins/ref/
        COPY certs/server.key /etc/tls/
        COPY id_rsa /root/.ssh/
        """);
    assertEquals(List.of("dockerfile/copy-key-file@2", "dockerfile/copy-key-file@3", "dockerfile/copy-credentials@4"),
        found(r));
    assertTrue(r.findings().stream().filter(f -> f.location().line() < 4).noneMatch(f -> f.rule().fails()));
    assertFalse(r.clean());
  }

  @Test
  void knownSecretsInHeredocsAndContinuations() {
    String secret = Canary.next("tok");
    ScanResult r = scan("FROM alpine\nRUN <<EOF\ncurl -H \"X: " + secret + "\" https://h\nEOF\n", Fixtures.secrets("t", secret));
    assertEquals(List.of("known-secret@3"), found(r));
  }

  @Test
  void quietOnASafeDockerfile() {
    ScanResult r = scan("""
        # syntax=docker/dockerfile:1
        FROM python:3.12-slim
        ARG PUBLIC_KEY
        ARG VERSION=1.2
        ENV GOPRIVATE=corp.example PIP_NO_INDEX=1 PIP_FIND_LINKS=/opt/vendor/pypi GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
        ENV TOKEN_URL=https://auth.example/token
        COPY vendor/ /opt/vendor/
        COPY id_ed25519.pub /etc/ssh/
        RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./build.sh
        """);
    assertTrue(r.clean(), r.findings().toString());
  }
}
