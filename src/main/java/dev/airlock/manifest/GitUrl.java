package dev.airlock.manifest;

import java.util.Optional;

/**
 * A validated git remote: {@code https://host/path} (or {@code http://} to loopback),
 * {@code ssh://[user@]host[:port]/path}, or scp-style {@code [user@]host:path}. It never holds a
 * password; {@code user} is an SSH login name (e.g. {@code git}), never set for http(s). Built only
 * by {@link GitUrlPolicy}, which checks every part, so a transport can rebuild the URL from them.
 */
public record GitUrl(Scheme scheme, Optional<String> user, String host, int port, String path) {
  /** How the remote is reached. {@code SCP} is ssh written as {@code user@host:path}. */
  public enum Scheme {
    HTTPS, HTTP, SSH, SCP;

    public boolean isSsh() {
      return this == SSH || this == SCP;
    }
  }

  /** No port given: the scheme's default. */
  public static final int DEFAULT_PORT = -1;

  public boolean isSsh() {
    return scheme.isSsh();
  }

  /** The canonical text, as the lock records it: no password can be part of it. */
  @Override
  public String toString() {
    String u = user.map(x -> x + "@").orElse("");
    String h = host.contains(":") ? "[" + host + "]" : host;
    String p = port == DEFAULT_PORT ? "" : ":" + port;
    return switch (scheme) {
      case HTTPS -> "https://" + h + p + path;
      case HTTP -> "http://" + h + p + path;
      case SSH -> "ssh://" + u + h + p + path;
      case SCP -> u + h + ":" + path;
    };
  }
}
