package dev.airlock.fetch.git;

import dev.airlock.credentials.SshIdentity;
import dev.airlock.error.ControlChars;
import dev.airlock.manifest.GitSource;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.errors.TransportException;

/**
 * Turns JGit's transport errors into messages that say what to do. JGit's own text is kept as the
 * detail: its URIs are built by airlock and never carry a password, and the console scrubs every
 * known secret anyway. The detail carries server text (an {@code ERR} line, a reason phrase), so its
 * control characters are escaped.
 */
final class GitErrors {
  /** TLS alerts a server sends when it requires a client certificate and got none or one it refuses. */
  private static final java.util.regex.Pattern CLIENT_CERT_REFUSED = java.util.regex.Pattern.compile(
      "received fatal alert: (bad_certificate|certificate_required|certificate_unknown|unknown_ca|access_denied)");
  private static final java.util.regex.Pattern CLOSED = java.util.regex.Pattern.compile(
      "error writing to server|broken pipe|connection reset");
  private GitErrors() {}

  static String describe(GitSource source, Optional<SshIdentity> ssh, TransportException e) {
    String detail = chain(e);
    String lower = detail.toLowerCase(Locale.ROOT);
    String cred = source.credentials().toString();
    if (source.url().isSsh()) {
      if (lower.contains("no more authentication methods") || lower.contains("authentication failed")
          || lower.contains("auth fail")) {
        if (ssh.isPresent() && ssh.get().key().isEmpty() && !ssh.get().agent()) {
          return "ssh authentication to " + source.url() + " failed: no key was offered; give the source an "
              + "ssh credential (credentials: { deploy: { ssh: { key: PATH } } }); airlock never uses ~/.ssh/id_* "
              + "or the agent by itself";
        }
        return "ssh authentication to " + source.url() + " failed: the server did not accept "
            + ssh.map(SshIdentity::describe).orElse("credential '" + cred + "'")
            + " (airlock uses publickey authentication only, never a password)";
      }
    } else if (lower.contains("not authorized") || lower.contains("authentication is required")
        || lower.contains("no credentialsprovider")) {
      return "authentication to " + source.url() + " failed (HTTP 401; credentials: " + cred + ")";
    } else if (CLIENT_CERT_REFUSED.matcher(lower).find()) {
      return "TLS failure with " + source.url() + ": the server did not accept our client certificate, or wants "
          + "one (set tls.clientCert and tls.clientKey; they are offered only to the hosts of the sources' URLs): "
          + detail;
    } else if (lower.contains("407 proxy authentication required")) {
      return "proxy authentication failed for " + source.url() + " (HTTP 407: the proxy wants credentials, or "
          + "refused the user:password in the proxy URL of https_proxy)";
    } else if (lower.contains("unable to tunnel through proxy")) {
      return "the proxy did not open a tunnel to " + source.url() + ": " + detail;
    } else if (CLOSED.matcher(lower).find()) {
      // TLS 1.3: a server refusing the client certificate (or its absence) may close the connection
      // before its alert can be read, so the JDK only reports the failed write
      return "cannot fetch from " + source.url() + ": the server closed the connection (" + detail + "); a server "
          + "that requires a TLS client certificate does that when it gets none or refuses ours "
          + "(tls.clientCert, tls.clientKey)";
    } else if (lower.contains("ssl") || lower.contains("certificate") || lower.contains("pkix")) {
      return "TLS failure with " + source.url() + ": the server's certificate is not trusted "
          + "(add its CA with tls.caCerts or --ca-cert): " + detail;
    }
    return "cannot fetch from " + source.url() + ": " + detail;
  }

  /** The messages of the exception and its causes, without repeats. */
  static String chain(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && b.length() < 600; t = t.getCause()) {
      String m = t.getMessage() == null ? null : ControlChars.escape(t.getMessage().strip()); // server text
      if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m);
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
