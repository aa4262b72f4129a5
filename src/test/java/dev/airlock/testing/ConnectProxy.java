package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal HTTP CONNECT proxy on loopback for tests. Without the expected
 * {@code Proxy-Authorization} it answers 407 and closes; with it, it tunnels to the target (which
 * must be on loopback, or {@link #ORIGIN}, which it reaches on loopback). Records every request
 * head it received.
 */
public final class ConnectProxy implements AutoCloseable {
  /**
   * A host name that is not loopback to airlock (which never proxies loopback) and resolves nowhere
   * ({@code .test} is reserved), so only this proxy can reach it: it connects to 127.0.0.1.
   */
  public static final String ORIGIN = "origin.test";

  private final ServerSocket server;
  private final Optional<String> expectedAuth;
  private final List<List<String>> heads = new ArrayList<>();
  private final List<Socket> open = new ArrayList<>();

  public ConnectProxy(Optional<String> expectedAuth) throws IOException {
    this.expectedAuth = expectedAuth;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "test-connect-proxy");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public synchronized List<List<String>> heads() {
    return List.copyOf(heads);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (this) {
          open.add(s);
        }
        Thread t = new Thread(() -> handle(s), "test-connect-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          client.close();
          return;
        }
        synchronized (this) {
          heads.add(head);
        }
        String auth = head.stream().filter(l -> l.toLowerCase().startsWith("proxy-authorization:"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        if (!head.get(0).startsWith("CONNECT ")) {
          out.write("HTTP/1.1 405 Only CONNECT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          client.close();
          return;
        }
        if (expectedAuth.isPresent() && !expectedAuth.get().equals(auth)) {
          out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
              + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue;
        }
        String target = head.get(0).split(" ")[1];
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon);
        if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals(ORIGIN)) {
          out.write("HTTP/1.1 403 Loopback only\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          client.close();
          return;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(target.substring(colon + 1)));
        synchronized (this) {
          open.add(upstream);
        }
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        pipe(upstream.getInputStream(), out);
        in.transferTo(upstream.getOutputStream());
        return;
      }
    } catch (IOException e) {
      // connection ended
    }
  }

  private static void pipe(InputStream from, OutputStream to) {
    Thread t = new Thread(() -> {
      try {
        from.transferTo(to);
      } catch (IOException ignored) {
        // closed
      }
    }, "test-connect-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
        line.reset();
        if (l.isEmpty()) {
          return lines;
        }
        lines.add(l);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
