package dev.airlock.fetch.git;

import dev.airlock.credentials.SshIdentity;
import java.io.File;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * The SSH client for one source, built from its {@code ssh:} credential and nothing else
 * (library finding 6, docs/security-cases.md): no {@code ~/.ssh/config} (a {@code StrictHostKeyChecking no} or
 * {@code UserKnownHostsFile /dev/null} there has no effect), no default identities from
 * {@code ~/.ssh}, no agent unless {@code agent: true}, publickey authentication only (never a
 * password or keyboard-interactive answer), and host keys checked strictly by
 * {@link KnownHostsCheck} against the credential's known_hosts, which is never written.
 */
final class SshSessions extends SshdSessionFactory {
  private final SshIdentity identity;
  private final List<KeyPair> keys;
  private final KnownHostsCheck hostKeys;
  private final int connectTimeoutSeconds;

  SshSessions(Path home, SshIdentity identity, List<KeyPair> keys, int connectTimeoutSeconds) {
    super(null, address -> null); // no key cache, no proxy
    this.identity = identity;
    this.keys = List.copyOf(keys);
    this.connectTimeoutSeconds = connectTimeoutSeconds;
    File sshDir = home.resolve(SshConstants.SSH_DIR).toFile();
    setHomeDirectory(home.toFile());
    setSshDirectory(sshDir);
    this.hostKeys = new KnownHostsCheck(identity.knownHosts());
  }

  SshIdentity identity() {
    return identity;
  }

  /** Why the server's host key was refused, if it was. */
  java.util.Optional<String> hostKeyRejection() {
    return hostKeys.rejection();
  }

  @Override
  protected File getSshConfig(File sshDir) {
    return null; // ~/.ssh/config is never read
  }

  @Override
  protected SshConfigStore createSshConfigStore(File homeDir, File configFile, String localUserName) {
    Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    options.put(SshConstants.PREFERRED_AUTHENTICATIONS, "publickey");
    options.put(SshConstants.STRICT_HOST_KEY_CHECKING, SshConstants.YES);
    options.put(SshConstants.USER_KNOWN_HOSTS_FILE, identity.knownHosts().toString());
    options.put(SshConstants.HASH_KNOWN_HOSTS, SshConstants.NO);
    options.put(SshConstants.BATCH_MODE, SshConstants.YES);
    options.put(SshConstants.NUMBER_OF_PASSWORD_PROMPTS, "1");
    options.put(SshConstants.ADD_KEYS_TO_AGENT, SshConstants.NO);
    options.put(SshConstants.CONNECT_TIMEOUT, Integer.toString(connectTimeoutSeconds));
    options.put(SshConstants.IDENTITY_AGENT, identity.agent() && identity.agentSocket().isPresent()
        ? identity.agentSocket().get() : SshConstants.NONE);
    SshConfigStore.HostConfig config = new SshConfigStore.HostConfig() {
      @Override
      public String getValue(String key) {
        return options.get(key);
      }

      @Override
      public List<String> getValues(String key) {
        return List.of();
      }

      @Override
      public Map<String, String> getOptions() {
        return options;
      }

      @Override
      public Map<String, List<String>> getMultiValuedOptions() {
        return Map.of();
      }
    };
    return new SshConfigStore() {
      @Override
      public HostConfig lookup(String hostName, int port, String userName) {
        return config;
      }

      @Override
      public HostConfig lookupDefault(String hostName, int port, String userName) {
        return config;
      }
    };
  }

  @Override
  protected List<Path> getDefaultKnownHostsFiles(File sshDir) {
    return List.of(identity.knownHosts());
  }

  @Override
  protected List<Path> getDefaultIdentities(File sshDir) {
    return List.of(); // never ~/.ssh/id_*
  }

  @Override
  protected Iterable<KeyPair> getDefaultKeys(File sshDir) {
    return keys; // the credential's key, decoded once by SshKeys
  }

  @Override
  protected String getDefaultPreferredAuthentications() {
    return "publickey";
  }

  @Override
  protected KeyPasswordProvider createKeyPasswordProvider(CredentialsProvider provider) {
    return NEVER_PROMPT; // keys JGit would load itself (none) get no passphrase and no retry
  }

  @Override
  protected ServerKeyDatabase createServerKeyDatabase(File homeDir, File sshDir) {
    return hostKeys;
  }

  @Override
  protected ConnectorFactory getConnectorFactory() {
    return identity.agent() && identity.agentSocket().isPresent() ? UnixAgentConnector.FACTORY : null;
  }

  private static final KeyPasswordProvider NEVER_PROMPT = new KeyPasswordProvider() {
    @Override
    public char[] getPassphrase(URIish uri, int attempt) {
      return null;
    }

    @Override
    public void setAttempts(int maxNumberOfAttempts) {
      // always one
    }

    @Override
    public boolean keyLoaded(URIish uri, int attempt, Exception error) {
      return false;
    }
  };
}
