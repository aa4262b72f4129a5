package dev.airlock.credentials;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What an SSH connection may use, resolved from a source's {@code credentials:}: at most one private
 * key file, its text and its passphrase (already read, registered for scrubbing and scanning), the known_hosts file that
 * host keys must match, and whether the ssh-agent at {@code agentSocket} may be asked for keys.
 */
public record SshIdentity(String id, Optional<Path> key, Optional<Secret> keyText, Optional<Secret> passphrase,
    Path knownHosts, boolean agent, Optional<String> agentSocket) {

  /** For messages: the credential id and key path, never a value. */
  public String describe() {
    return id + " (ssh" + key.map(k -> " key " + k).orElse(" without a key") + (agent ? ", agent" : "") + ")";
  }
}
