package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.credentials.Environment;
import dev.airlock.credentials.SecretRegistry;
import java.net.Authenticator;
import java.net.Authenticator.RequestorType;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The java.net view of the run's proxies (git over HTTPS): which proxy, and who gets its credentials. */
class ProxyConfigJdkTest {
  static final Path DIR = Path.of("/nonexistent");

  static ProxyConfig proxies(Map<String, String> vars) {
    return ProxyConfig.fromEnvironment(new Environment(vars, DIR, DIR), new SecretRegistry());
  }

  @Test
  void choosesByScheme_honoursNoProxy_andNeverTheJvmsSelector() throws Exception {
    ProxyConfig p = proxies(Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "no_proxy", ".internal"));
    Proxy viaProxy = p.proxyFor(new URL("https://git.example.org/r.git"));
    assertEquals(Proxy.Type.HTTP, viaProxy.type());
    InetSocketAddress a = (InetSocketAddress) viaProxy.address();
    assertEquals("proxy.corp:3128", a.getHostString() + ":" + a.getPort());
    assertEquals(Proxy.NO_PROXY, p.proxyFor(new URL("https://git.internal/r.git")));
    assertEquals(Proxy.NO_PROXY, p.proxyFor(new URL("http://127.0.0.1:8080/r.git")), "no http_proxy set");
    assertEquals(Proxy.NO_PROXY, ProxyConfig.NONE.proxyFor(new URL("https://git.example.org/r.git")));
  }

  @Test
  void theCredentialsAreNotGivenOutsideTheJdksConnectSetUp() throws Exception {
    Authenticator a = proxies(Map.of("https_proxy", "http://puser:pw-secret@proxy.corp:3128")).tunnelAuthenticator();
    URL origin = new URL("https://git.example.org/r.git");
    // exactly the proxy's host, port and scheme, but asked from here, not from the JDK's doTunneling:
    // the way an origin's own 407 from inside the tunnel would ask
    assertNull(Authenticator.requestPasswordAuthentication(a, "proxy.corp", null, 3128, "http", "r", "Basic",
        origin, RequestorType.PROXY));
    assertNull(Authenticator.requestPasswordAuthentication(a, "git.example.org", null, 443, "https", "r", "Basic",
        origin, RequestorType.SERVER));
  }
}
