package dev.airlock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.UploadPack;

/**
 * The git side of the {@link Training} run: a small repository in memory (one commit tagged
 * {@code v1}), served over SSH by an in-process Apache MINA SSHD with JGit's {@link UploadPack}
 * (publickey only, a host key and a client key made for the run), and over smart HTTP as a handler
 * of the run's HTTPS server (stateless RPC, as git's {@code http-backend} serves it).
 */
final class TrainingGit {
  private TrainingGit() {}

  /** One commit on {@code main}, tagged {@code v1}: a README, an executable script, a nested file. */
  static Repository repository() throws IOException {
    InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("training"));
    try (ObjectInserter ins = repo.newObjectInserter()) {
      TreeFormatter bin = new TreeFormatter();
      bin.append("run", FileMode.EXECUTABLE_FILE, blob(ins, "#!/bin/sh\necho airlock\n"));
      TreeFormatter docs = new TreeFormatter();
      docs.append("guide.md", FileMode.REGULAR_FILE, blob(ins, "# training\n"));
      TreeFormatter root = new TreeFormatter();
      root.append("README.md", FileMode.REGULAR_FILE, blob(ins, TrainingFiles.FILE));
      root.append("bin", FileMode.TREE, ins.insert(bin));
      root.append("docs", FileMode.TREE, ins.insert(docs));
      CommitBuilder commit = new CommitBuilder();
      PersonIdent who = new PersonIdent("airlock", "training@airlock.invalid", 1_700_000_000_000L, 0);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("training\n");
      commit.setTreeId(ins.insert(root));
      ObjectId id = ins.insert(commit);
      ins.flush();
      for (String ref : List.of("refs/heads/main", "refs/tags/v1")) {
        RefUpdate u = repo.updateRef(ref);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        u.update();
      }
      repo.updateRef(Constants.HEAD).link("refs/heads/main");
    }
    return repo;
  }

  private static ObjectId blob(ObjectInserter ins, String text) throws IOException {
    return ins.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
  }

  static KeyPair newKey() throws IOException {
    try {
      return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make an ssh key: " + e.getMessage(), e);
    }
  }

  /** Writes {@code key} as an unencrypted OpenSSH private key, {@code chmod 600} as ssh demands. */
  static void writePrivateKey(KeyPair key, Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "airlock-training", null, out);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, out.toByteArray());
  }

  /** An SSH server on loopback serving {@code repo} for any path to {@code client} only; the caller stops it. */
  static SshServer ssh(Repository repo, KeyPair host, KeyPair client) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(host));
    sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
    sshd.setCommandFactory((channel, command) -> new UploadPackCommand(repo));
    sshd.start();
    return sshd;
  }

  /** The known_hosts line for the server at {@code port} with key {@code host}. */
  static String knownHostsLine(int port, KeyPair host) {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(host.getPublic()) + "\n";
  }

  /** git's smart HTTP protocol for {@code repo}: info/refs and a stateless-RPC upload-pack, v0 or v2. */
  static HttpHandler smartHttp(Repository repo) {
    return exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        if ("GET".equals(exchange.getRequestMethod()) && path.endsWith("/info/refs")
            && query.contains("service=git-upload-pack")) {
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          PacketLineOut out = new PacketLineOut(buf);
          uploadPack(repo, exchange).sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out),
              "git-upload-pack");
          reply(exchange, "application/x-git-upload-pack-advertisement", buf.toByteArray());
        } else if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/git-upload-pack")) {
          InputStream in = exchange.getRequestBody();
          if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          uploadPack(repo, exchange).upload(in, out, null);
          reply(exchange, "application/x-git-upload-pack-result", out.toByteArray());
        } else {
          exchange.sendResponseHeaders(404, -1);
        }
      }
    };
  }

  private static UploadPack uploadPack(Repository repo, HttpExchange exchange) {
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
    if (protocol != null) {
      up.setExtraParameters(List.of(protocol.split(":")));
    }
    return up;
  }

  private static void reply(HttpExchange exchange, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
