package dev.airlock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * JGit's upload-pack on an SSH channel, speaking protocol v2 when the client asks for it: what the
 * training run's loopback SSH server runs, and the tests' in-process git server too. A null
 * repository answers as git does for a path it does not serve.
 */
public final class UploadPackCommand implements Command {
  private final Repository repo;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;

  public UploadPackCommand(Repository repo) {
    this.repo = repo;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    String protocol = env.getEnv().get("GIT_PROTOCOL");
    Thread t = new Thread(() -> {
      if (repo == null) {
        try {
          err.write("fatal: no such repository\n".getBytes(StandardCharsets.UTF_8));
          err.flush();
        } catch (IOException ignored) {
          // client gone
        }
        exit.onExit(128);
        return;
      }
      try {
        UploadPack up = new UploadPack(repo);
        if (protocol != null) {
          up.setExtraParameters(new ArrayList<>(List.of(protocol.split(":"))));
        }
        up.upload(in, out, err);
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        exit.onExit(1, String.valueOf(e.getMessage()));
      }
    }, "airlock-upload-pack");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void destroy(ChannelSession channel) {
    // the thread ends with the streams
  }
}
