package dev.airlock.fetch.git;

import dev.airlock.credentials.SshIdentity;
import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Decodes the one private key of an {@link SshIdentity} before any connection is made. An
 * encrypted key gets the configured passphrase exactly once; there is never a prompt and never a
 * retry, and a missing passphrase is a configuration error.
 */
final class SshKeys {
  private SshKeys() {}

  static List<KeyPair> load(String source, SshIdentity identity) {
    if (identity.keyText().isEmpty()) {
      return List.of();
    }
    String file = identity.key().map(Object::toString).orElse("the key");
    AtomicBoolean asked = new AtomicBoolean();
    FilePasswordProvider once = new FilePasswordProvider() {
      @Override
      public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
        asked.set(true);
        return retryIndex == 0 ? identity.passphrase().map(p -> p.reveal()).orElse(null) : null;
      }

      @Override
      public ResourceDecodeResult handleDecodeAttemptResult(SessionContext session, NamedResource resource,
          int retryIndex, String password, Exception err) {
        return ResourceDecodeResult.TERMINATE; // one attempt, success or not
      }
    };
    Iterable<KeyPair> keys;
    try {
      byte[] text = identity.keyText().get().reveal().getBytes(StandardCharsets.UTF_8);
      keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file),
          new ByteArrayInputStream(text), once);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw failure(source, identity, file, asked.get());
    }
    List<KeyPair> out = new ArrayList<>();
    if (keys != null) {
      keys.forEach(out::add);
    }
    if (out.isEmpty()) {
      throw failure(source, identity, file, asked.get());
    }
    return out;
  }

  private static RuntimeException failure(String source, SshIdentity identity, String file, boolean encrypted) {
    if (encrypted && identity.passphrase().isEmpty()) {
      return new UsageException(source + ": ssh key " + file + " is encrypted; give its passphrase with "
          + "passphraseEnv or passphraseFile in credential '" + identity.id() + "' (airlock never prompts)");
    }
    if (encrypted) {
      return new FetchException(source + ": cannot decrypt ssh key " + file
          + ": wrong passphrase (tried once, from credential '" + identity.id() + "')");
    }
    return new UsageException(source + ": " + file + " is not a private key airlock can read "
        + "(OpenSSH, PEM or PKCS#8 formats)");
  }
}
