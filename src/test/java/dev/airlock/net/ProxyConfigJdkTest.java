package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.common.Environment;
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

  /** Issue 20 item 2: a loopback target never goes through a proxy (plain http would expose credentials). */
  @Test
  void loopbackTargetsAreNeverProxied() throws Exception {
    ProxyConfig p = proxies(Map.of("http_proxy", "http://proxy.corp:3128", "HTTPS_PROXY", "http://proxy.corp:3128"));
    for (String url : java.util.List.of("http://127.0.0.1:8080/r.git", "http://localhost/r.git", "http://[::1]:81/r",
        "http://127.9.8.7/r", "https://localhost:8443/r.git", "https://127.0.0.1/r")) {
      assertEquals(Proxy.NO_PROXY, p.proxyFor(new URL(url)), url);
      assertEquals(java.util.Optional.empty(), p.forUrl(url.substring(0, url.indexOf(':')),
          okhttp3.HttpUrl.get(url).host(), okhttp3.HttpUrl.get(url).port()), url);
    }
    assertEquals(Proxy.Type.HTTP, p.proxyFor(new URL("http://127.evil.example/r")).type(), "a name is not loopback");
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
