package dev.airlock.fetch.git;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.transport.sshd.agent.AbstractConnector;
import org.eclipse.jgit.transport.sshd.agent.Connector;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * Talks to an ssh-agent over its Unix domain socket, for {@code agent: true} only. (JGit's own
 * connector lives in a module that needs JNA and is not on Maven Central; Java 16+ has Unix
 * sockets built in.) The socket path is the one airlock read from {@code SSH_AUTH_SOCK}.
 */
final class UnixAgentConnector extends AbstractConnector {
  static final ConnectorFactory FACTORY = new ConnectorFactory() {
    @Override
    public Connector create(String identityAgent, File homeDir) {
      return new UnixAgentConnector(identityAgent);
    }

    @Override
    public boolean isSupported() {
      return true;
    }

    @Override
    public String getName() {
      return "airlock-unix-agent";
    }

    @Override
    public Collection<ConnectorDescriptor> getSupportedConnectors() {
      return List.of();
    }

    @Override
    public ConnectorDescriptor getDefaultConnector() {
      return null;
    }
  };

  private final String socket;
  private SocketChannel channel;

  UnixAgentConnector(String socket) {
    this.socket = socket;
  }

  @Override
  public synchronized boolean connect() throws IOException {
    if (socket == null || socket.isEmpty()) {
      return false;
    }
    if (channel == null) {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        c.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        c.close();
        throw new IOException("cannot connect to the ssh-agent socket " + socket, e);
      }
      channel = c;
    }
    return true;
  }

  @Override
  public synchronized byte[] rpc(byte command, byte[] message) throws IOException {
    prepareMessage(command, message);
    if (channel == null) {
      throw new IOException("not connected to the ssh-agent");
    }
    ByteBuffer out = ByteBuffer.wrap(message);
    while (out.hasRemaining()) {
      channel.write(out);
    }
    byte[] lengthBytes = readFully(4);
    return readFully(toLength(command, lengthBytes));
  }

  private byte[] readFully(int n) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(n);
    while (in.hasRemaining()) {
      if (channel.read(in) < 0) {
        throw new IOException("the ssh-agent closed the connection");
      }
    }
    return in.array();
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
