package dev.airlock.net;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.List;

/**
 * Proxy credentials for one {@code java.net} HttpURLConnection (JGit's HTTP transport): a proxy's
 * own {@code user:password} from its URL, given only to that proxy (host and port), only as Basic,
 * and only while the JDK is setting up the {@code CONNECT} tunnel. Everything else gets nothing:
 * an origin's {@code 401}, and an origin that answers {@code 407} from inside the tunnel (the JDK
 * would otherwise ask for the proxy's credentials and send them to that origin).
 *
 * <p>The JDK refuses Basic for tunnels unless {@code jdk.http.auth.tunneling.disabledSchemes}
 * allows it, and reads that property once, when its HTTP connection class is first used; so this
 * class sets it when it is loaded, which is before airlock opens its first {@code java.net}
 * connection. It also disables every scheme for proxy authentication outside tunnels
 * ({@code jdk.http.auth.proxying.disabledSchemes}), which closes the {@code 407}-from-the-origin
 * path a second time. Should the JDK have read its properties earlier, Basic through a tunnel
 * fails with the proxy's {@code 407}, and nothing leaks.
 */
final class TunnelAuthenticator extends Authenticator {
  static final String TUNNELING = "jdk.http.auth.tunneling.disabledSchemes";
  static final String PROXYING = "jdk.http.auth.proxying.disabledSchemes";

  static {
    // only Basic for CONNECT: no ambient Kerberos/Negotiate tickets, nothing airlock was not given
    System.setProperty(TUNNELING, "Digest, NTLM, Kerberos, Negotiate");
    System.setProperty(PROXYING, "Basic, Digest, NTLM, Kerberos, Negotiate");
  }

  private final List<ProxyConfig.Endpoint> proxies;

  TunnelAuthenticator(List<ProxyConfig.Endpoint> proxies) {
    this.proxies = List.copyOf(proxies);
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if (getRequestorType() != RequestorType.PROXY || !"basic".equalsIgnoreCase(getRequestingScheme())
        || getRequestingHost() == null || !settingUpTunnel()) {
      return null;
    }
    return proxies.stream().filter(e -> e.is(getRequestingHost(), getRequestingPort())).findFirst()
        .flatMap(ProxyConfig.Endpoint::login)
        .map(l -> new PasswordAuthentication(l.user(), l.password().reveal().toCharArray()))
        .orElse(null);
  }

  /**
   * Whether the JDK is asking while it sends {@code CONNECT} (its {@code doTunneling}), rather
   * than after a response from inside the tunnel. Fails closed: were the JDK's method renamed,
   * proxy authentication would fail, never reach an origin.
   */
  static boolean settingUpTunnel() {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("doTunneling")
        && f.getClassName().startsWith("sun.net.www.protocol.http.")));
  }
}
