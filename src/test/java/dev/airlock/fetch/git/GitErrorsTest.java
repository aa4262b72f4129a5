package dev.airlock.fetch.git;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.GitSource;
import dev.airlock.manifest.GitUrl;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;

/** The messages for the TLS and proxy failures of git over HTTPS say what to set. */
class GitErrorsTest {
  static final GitSource SOURCE = new GitSource("repo", CredentialRef.NONE, Optional.empty(),
      new GitUrl(GitUrl.Scheme.HTTPS, Optional.empty(), "git.corp.example", GitUrl.DEFAULT_PORT, "/r.git"), "main",
      List.of());

  static String describe(String jdkMessage) {
    return GitErrors.describe(SOURCE, Optional.empty(),
        new TransportException("https://git.corp.example/r.git: cannot open git-upload-pack", new IOException(jdkMessage)));
  }

  @Test
  void aRefusedOrMissingClientCertificate() {
    for (String m : List.of("Received fatal alert: bad_certificate", "Received fatal alert: certificate_required",
        "Error writing to server", "Connection reset")) {
      String d = describe(m);
      assertTrue(d.contains("client certificate") && d.contains("tls.clientCert"), d);
    }
  }

  @Test
  void anUntrustedServerIsStillAboutItsCa() {
    String d = describe("PKIX path building failed: unable to find valid certification path");
    assertTrue(d.contains("tls.caCerts") && !d.contains("clientCert"), d);
  }

  @Test
  void aProxyThatWantsOtherCredentials() {
    String d = describe("407 Proxy Authentication Required");
    assertTrue(d.startsWith("proxy authentication failed for https://git.corp.example/r.git"), d);
    d = describe("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 403 Forbidden\"");
    assertTrue(d.startsWith("the proxy did not open a tunnel to https://git.corp.example/r.git"), d);
  }
}
