package dev.airlock.net;

import dev.airlock.credentials.PrivateFileCheck;
import dev.airlock.error.UsageException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A TLS client certificate (PEM chain + unencrypted PKCS#8 PEM key) offered only to the given
 * hosts, and only when the server asks for one: a redirect target or any other host gets none.
 */
final class ClientKeys extends X509ExtendedKeyManager {
  private final X509KeyManager delegate;
  private final Set<String> hosts;

  private ClientKeys(X509KeyManager delegate, Set<String> hosts) {
    this.delegate = delegate;
    this.hosts = hosts;
  }

  static ClientKeys load(Path certFile, Path keyFile, Set<String> hosts) {
    List<? extends Certificate> chain;
    try {
      chain = List.copyOf(TlsConfig.readCertificates(certFile, "client certificate"));
    } catch (IOException e) {
      throw new UsageException("cannot read client certificate " + certFile);
    }
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
      return new ClientKeys(km, Set.copyOf(hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));
    } catch (GeneralSecurityException | IOException e) {
      throw new UsageException("client certificate " + certFile + " and key " + keyFile + " do not fit together");
    }
  }

  private static final String PKCS8_LABEL = "PRIVATE KEY";
  private static final String PKCS8_BEGIN = "-----BEGIN " + PKCS8_LABEL + "-----";
  private static final String PKCS8_END = "-----END " + PKCS8_LABEL + "-----";

  /** Unencrypted PKCS#8 (label {@code PRIVATE KEY}); RSA, EC or Ed25519. The message never shows the key. */
  static PrivateKey privateKey(Path file) {
    // as private as an ssh key: the same rule, refused otherwise
    String pem = new String(PrivateFileCheck.readSecret(file, "client key " + file), StandardCharsets.US_ASCII);
    int begin = pem.indexOf(PKCS8_BEGIN);
    int end = pem.indexOf(PKCS8_END);
    if (begin < 0 || end < begin) {
      throw new UsageException("client key " + file + ": expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
          + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
    for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException ignored) {
        // try the next algorithm
      }
    }
    throw new UsageException("client key " + file + ": not an RSA, EC or Ed25519 PKCS#8 key");
  }

  private boolean allowed(String peerHost) {
    return peerHost != null && hosts.contains(peerHost.toLowerCase(Locale.ROOT));
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    String peer = socket instanceof SSLSocket s && s.getHandshakeSession() != null
        ? s.getHandshakeSession().getPeerHost() : null;
    return allowed(peer) ? delegate.chooseClientAlias(keyType, issuers, socket) : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return engine != null && allowed(engine.getPeerHost()) ? delegate.chooseClientAlias(keyType, issuers, null) : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return delegate.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
    return delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return delegate.getPrivateKey(alias);
  }
}
