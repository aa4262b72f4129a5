package dev.airlock.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.docker.IgnorePatterns;
import dev.airlock.testing.Canary;
import dev.airlock.testing.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateLintTest {
  @TempDir Path ctx;

  static List<LintFinding> lint(String dockerfile) {
    return TemplateLint.lint(Template.parse("Dockerfile.in", dockerfile), Optional.empty(), "vendor");
  }

  List<LintFinding> lintWithContext(String dockerfile, String dockerignore) {
    IgnorePatterns ignore = IgnorePatterns.parse(dockerignore);
    return TemplateLint.lint(Template.parse("Dockerfile.in", dockerfile),
        Optional.of(BuildContext.walk(ctx, ignore, "vendor")), "vendor");
  }

  static List<String> rules(List<LintFinding> findings) {
    return findings.stream().map(f -> f.line() + ":" + f.rule().id() + (f.advisory() ? "(warning)" : "")).toList();
  }

  // --- credential-file --------------------------------------------------------------------------

  @Test
  void copyOfACredentialFileFails() {
    assertEquals(List.of("2:credential-file", "3:credential-file", "4:credential-file", "5:credential-file(warning)",
        "6:credential-file", "7:credential-file", "8:credential-file"), rules(lint("""
        FROM a
        COPY .netrc /root/.netrc
        ADD ./config/.npmrc /app/
        COPY --from=build /root/.ssh/id_ed25519 /keys/
        COPY ["certs/server.key", "/etc/tls/"]
        COPY --chown=app:app .env.production /app/
        COPY deploy.conf /root/.docker/config.json
        COPY --from=build /src/out /root/.ssh/
        """)));
    assertEquals("Dockerfile.in:2: credential-file: COPY .netrc: a credential file; anything COPYed stays in the "
        + "image's layers, even if removed later", lint("FROM a\nCOPY .netrc /root/\n").get(0).format("Dockerfile.in"));
  }

  @Test
  void aFileNamedLikeAKeyIsJudgedByItsContentWhenTheContextHasIt() throws IOException, GeneralSecurityException {
    write("certs/server.key", Pem.privateKey());
    write("jenkins.io-2026.key", Pem.armor("PGP PUBLIC KEY BLOCK", "mQIN"));
    String df = "FROM a\nCOPY certs/server.key /etc/tls/\nCOPY jenkins.io-2026.key /usr/share/jenkins/\n"
        + "COPY other.pem /etc/\n";
    assertEquals(List.of("2:credential-file", "4:credential-file(warning)"), rules(lintWithContext(df, "")));
    assertEquals(List.of("2:credential-file(warning)", "3:credential-file(warning)", "4:credential-file(warning)"),
        rules(lint(df)), "without a context the name alone cannot tell");
  }

  @Test
  void onbuildInstructionsAreCheckedToo() {
    assertEquals(List.of("2:credential-file", "3:secret-arg-env(warning)"),
        rules(lint("FROM a\nONBUILD COPY .npmrc /app/\nonbuild ARG NPM_TOKEN\nONBUILD RUN make\n")));
  }

  @Test
  void copyOfOrdinaryAndVendoredFilesPasses() {
    assertEquals(List.of(), rules(lint("""
        FROM a
        COPY app.py requirements.txt /app/
        COPY vendor/files/certs/corp-ca.pem /usr/local/share/ca-certificates/corp.crt
        COPY vendor/git/cfg/ /etc/cfg/
        COPY src/id_generator.py /app/
        COPY certs/ca.crt /etc/ssl/certs/ca.pem
        ADD https://example.com/tool.tar.gz /opt/
        """)));
  }

  // --- secret-arg-env ---------------------------------------------------------------------------

  @Test
  void secretNamesByTier() {
    assertEquals(List.of("2:secret-arg-env(warning)", "3:secret-arg-env(warning)", "4:secret-arg-env(warning)",
        "6:secret-arg-env", "7:secret-arg-env(warning)", "8:secret-arg-env(warning)", "9:secret-arg-env(warning)",
        "10:secret-arg-env(warning)", "11:secret-arg-env(warning)", "12:secret-arg-env"), rules(lint("""
        FROM a
        ARG NPM_TOKEN
        ARG AWS_SECRET_ACCESS_KEY=
        ENV GITHUB_PAT=x
        ENV PIP_EXTRA_INDEX_URL=https://pypi.corp.example/simple
        ENV api_key value with spaces
        ARG DB_PASSWORD
        ARG REGISTRY_AUTH
        ENV NETRC=/root/.netrc
        ARG NPMRC
        ENV CI_PSW=1
        ARG OK=1 GITLAB_CREDENTIALS=2
        """)));
  }

  @Test
  void aSecretArgThatARunUsesIsAnErrorItsValueIsInTheHistory() {
    List<LintFinding> f = lint("""
        FROM a
        ARG NPM_TOKEN
        ARG UNUSED_TOKEN
        RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
        """);
    assertEquals(List.of("2:secret-arg-env", "3:secret-arg-env(warning)"), rules(f));
    assertTrue(f.get(0).message().contains("the RUN at line 4 uses it"), f.get(0).message());
  }

  @Test
  void secretLookingValuesFail() {
    assertEquals(List.of("2:secret-arg-env", "3:secret-arg-env", "4:secret-arg-env", "5:secret-arg-env",
        "6:secret-arg-env"), rules(lint("""
        FROM a
        ENV INDEX=https://user:pw@pypi.corp.example/simple
        ENV HEADER="Bearer ${NPM_TOKEN}"
        ARG GH=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
        ENV NPM_CONFIG=//registry.npmjs.org/:_authToken=abc
        ENV REPO https://tok@github.com/corp/x.git
        """)));
  }

  @Test
  void ordinaryAndAllowedNamesPass() {
    assertEquals(List.of(), rules(lint("""
        FROM a
        ARG VERSION=1.2
        ARG PY=3.12
        ENV GOPRIVATE=github.com/corp/*
        ENV NPM_TOKEN_FILE=/run/secrets/npm
        ARG PUBLIC_KEY_URL=https://example.com/k.pub
        ENV KEY_VERSION=3 PATH=/usr/local/bin:$PATH
        ENV KEYBOARD=us MONKEY=1 TOKENIZER=bpe
        ENV PIP_FIND_LINKS=/opt/vendor/pypi
        ENV REPO=ssh://git@git.corp.example/x.git
        ARG AUTH_MODULE_VERSION=1
        ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
        ENV GPG_KEYS="B42F6819007F00F88E364FD4036A9C25BF357DD4 0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D"
        ENV RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA PGP_KEYSERVER=keyserver.ubuntu.com
        ENV OPENSSL_PGP_KEY_IDS="0x8657ABB260F056B1E5190839D9C4D26D0E604491"
        ARG SSH_KEY_FINGERPRINT=SHA256:abc DEPLOY_KEY_PATH=/run/secrets/k DB_USER=app API_HOST=api.example
        ENV TOKEN_ENDPOINT=https://auth.example/token SECRET_NAME=prod-db PASSWORD_FILE=/run/secrets/pw
        """)));
  }

  @Test
  void findingsNeverRepeatTheValue() {
    String canary = Canary.next("lint");
    String url = Canary.next("url");
    List<LintFinding> f = lint("FROM a\nENV A_TOKEN=" + canary + "\nENV X=https://u:" + url + "@h/x\n"
        + "RUN curl https://u:" + url + "@h/x\nADD https://" + canary + "@h/x /x\n");
    assertEquals(4, f.size());
    for (LintFinding x : f) {
      Canary.assertAbsent("finding", x.format("Dockerfile.in"), Canary.forms(canary, "u"));
      Canary.assertAbsent("finding", x.format("Dockerfile.in"), Canary.forms(url, "u"));
    }
  }

  // --- url-credentials --------------------------------------------------------------------------

  @Test
  void urlsWithCredentialsFail() {
    assertEquals(List.of("2:url-credentials", "3:url-credentials", "4:url-credentials", "5:url-credentials"),
        rules(lint("""
        FROM a
        ADD https://user:pass@artifacts.corp.example/model.bin /opt/
        ADD https://${TOKEN}@artifacts.corp.example/model.bin /opt/
        RUN git clone https://x-access-token:abc@github.com/corp/repo.git
        RUN pip install --index-url https://u:p@pypi.corp.example/simple \\
              internal-lib
        """)));
  }

  @Test
  void urlsWithoutCredentialsPass() {
    assertEquals(List.of(), rules(lint("""
        FROM a
        ADD https://artifacts.corp.example/model.bin /opt/
        RUN git clone ssh://git@git.corp.example/repo.git && git clone git@github.com:corp/x.git
        RUN npm install https://registry.npmjs.org/@scope/pkg/-/pkg-1.0.0.tgz
        """)));
  }

  // --- context-credentials ----------------------------------------------------------------------

  @Test
  void copyOfTheContextWithACredentialFileNotIgnoredFails() throws IOException {
    write(".npmrc", "//registry/:_authToken=x");
    write("app/main.py", "print()");
    write("deploy/key", Pem.armor("OPENSSH PRIVATE KEY", "abc"));
    List<LintFinding> f = lintWithContext("FROM a\nCOPY . /app/\nCOPY app/ /app/\nCOPY dep* /d/\n", "");
    assertEquals(List.of("2:context-credentials", "4:context-credentials"), rules(f));
    assertEquals("Dockerfile.in:2: context-credentials: COPY . would put .npmrc, deploy/key into the image; move it "
        + "out of the build context or exclude it in .dockerignore", f.get(0).format("Dockerfile.in"));
  }

  @Test
  void copyOfTheContextPassesWhenTheBlockExcludesTheCredentialFiles() throws IOException {
    write(".npmrc", "x");
    write(".git/config", "[remote] url = https://u:p@h/x");
    write("home/.ssh/id_rsa", Pem.begin("RSA PRIVATE KEY"));
    write("app/main.py", "print()");
    write("vendor/files/certs/corp-ca.pem", "-----BEGIN CERTIFICATE-----");
    write("vendor/git/cfg/.npmrc", "registry=https://npm.corp.example/");
    String ignore = IgnoreBlock.merge(null, IgnoreBlock.lines(List.of("vendor/files/certs/corp-ca.pem",
        "vendor/git/cfg/.npmrc")), ".dockerignore");
    assertEquals(List.of(), rules(lintWithContext("FROM a\nCOPY . .\n", ignore)));
    // a user line after the block that re-includes a credential file brings the finding back
    assertEquals(List.of("2:context-credentials"), rules(lintWithContext("FROM a\nCOPY . .\n", ignore + "!.npmrc\n")));
  }

  @Test
  void copyFromAnotherStageIsNotTheContext() throws IOException {
    write(".npmrc", "x");
    assertEquals(List.of(), rules(lintWithContext("FROM a AS b\nFROM c\nCOPY --from=b . /app/\n", "")));
  }

  @Test
  void heredocBodiesAreNotInstructions() {
    assertEquals(List.of(), rules(lint("FROM a\nRUN <<EOF\nARG NPM_TOKEN\nCOPY .netrc /\nEOF\nRUN echo ok\n")));
    assertEquals(List.of("3:secret-arg-env"), rules(lint("FROM a\nRUN <<-EOF\n\tx\n\tEOF\nARG NPM_TOKEN\n")
        .stream().map(x -> new LintFinding(x.line() - 2, x.rule(), x.message())).toList()));
  }

  private void write(String rel, String content) throws IOException {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void everyRuleHasAnIdForAllow() {
    assertEquals(List.of("credential-file", "secret-arg-env", "url-credentials", "context-credentials"),
        java.util.Arrays.stream(LintRule.values()).map(LintRule::id).toList());
    assertTrue(LintRule.byId("nope").isEmpty());
  }
}
