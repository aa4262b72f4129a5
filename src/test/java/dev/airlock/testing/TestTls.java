package dev.airlock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A private CA and a server certificate for localhost/127.0.0.1 (and {@link ConnectProxy#ORIGIN}, the
 * name a proxy test reaches a local server by), as the registries in tests use.
 */
public final class TestTls {
  public final HeldCertificate ca;
  public final HeldCertificate server;
  public final HandshakeCertificates serverCerts;

  public TestTls() {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("airlock test CA").build();
    server = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
        .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName(ConnectProxy.ORIGIN).build();
    serverCerts = new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build();
  }

  public MockWebServer httpsServer() throws IOException {
    MockWebServer s = new MockWebServer();
    s.useHttps(serverCerts.sslSocketFactory());
    s.start();
    return s;
  }

  /** {@link #httpsServer()} answering every request with {@code answer}. */
  public MockWebServer httpsServer(Function<RecordedRequest, MockResponse> answer) throws IOException {
    MockWebServer s = httpsServer();
    s.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return answer.apply(r);
      }
    });
    return s;
  }

  /** Writes the CA certificate as PEM, for {@code --ca-cert} / {@code tls.caCerts}. */
  public Path writeCa(Path dir) throws IOException {
    Path p = dir.resolve("ca.pem");
    Files.writeString(p, ca.certificatePem());
    return p;
  }

  /** A client certificate this CA signed, for servers that require one. */
  public HeldCertificate client(String commonName) {
    return new HeldCertificate.Builder().signedBy(ca).commonName(commonName).build();
  }

  /** An HTTPS server (not started) that requires a client certificate this CA signed. */
  public MockWebServer mtlsServer() {
    HandshakeCertificates certs = new HandshakeCertificates.Builder()
        .heldCertificate(server, ca.certificate())
        .addTrustedCertificate(ca.certificate()).build();
    MockWebServer s = new MockWebServer();
    s.useHttps(certs.sslSocketFactory());
    s.requireClientAuth();
    return s;
  }

  /** Writes ca.pem, and the client's certificate and PKCS#8 key as client.pem and client.key. */
  public void writeClient(Path dir, HeldCertificate client) throws IOException {
    writeCa(dir);
    Files.writeString(dir.resolve("client.pem"), client.certificatePem());
    Path key = dir.resolve("client.key");
    Files.writeString(key, client.privateKeyPkcs8Pem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------")); // as private as a key must be
  }
}
