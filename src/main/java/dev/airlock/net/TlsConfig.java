package dev.airlock.net;

import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust = the JDK's default CAs plus the extra CA files of {@code tls.caCerts} and {@code --ca-cert}
 * (append mode: a public host still verifies). Host names are always verified by OkHttp.
 */
public record TlsConfig(SSLSocketFactory socketFactory, X509TrustManager trustManager) {

  public static TlsConfig withExtraCas(List<Path> caFiles) {
    return with(caFiles, java.util.Optional.empty());
  }

  /** Extra CAs and, optionally, a client certificate offered only to its hosts. */
  public static TlsConfig with(List<Path> caFiles, java.util.Optional<ClientCert> clientCert) {
    javax.net.ssl.KeyManager[] keys = clientCert
        .map(c -> new javax.net.ssl.KeyManager[] {ClientKeys.load(c.cert(), c.key(), c.hosts())}).orElse(null);
    try {
      X509TrustManager jdk = defaultTrustManager(null);
      if (caFiles.isEmpty()) {
        return of(jdk, keys);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : jdk.getAcceptedIssuers()) {
        store.setCertificateEntry("jdk-" + i++, ca);
      }
      for (Path file : caFiles) {
        for (Certificate c : readCertificates(file)) {
          store.setCertificateEntry("extra-" + i++, c);
        }
      }
      return of(defaultTrustManager(store), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /** A client certificate file, its key file, and the hosts it may be presented to. */
  public record ClientCert(Path cert, Path key, java.util.Set<String> hosts) {}

  private static TlsConfig of(X509TrustManager tm, javax.net.ssl.KeyManager[] keys) throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, new TrustManager[] {tm}, null);
    return new TlsConfig(ctx.getSocketFactory(), tm);
  }

  private static X509TrustManager defaultTrustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  static Collection<? extends Certificate> readCertificates(Path file) throws IOException {
    return readCertificates(file, "CA certificate");
  }

  static Collection<? extends Certificate> readCertificates(Path file, String what) throws IOException {
    if (!Files.exists(file)) {
      throw new UsageException(what + " file not found: " + file);
    }
    byte[] pem = BoundedFile.read(file, BoundedFile.TEXT_BYTES, what + " file " + file);
    try (InputStream in = new ByteArrayInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new UsageException("no certificate in " + what + " file " + file);
      }
      return new ArrayList<>(certs);
    } catch (CertificateException e) {
      throw new UsageException("cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }
}
