package dev.airlock.net;

import dev.airlock.common.Environment;
import dev.airlock.credentials.FileSecret;
import dev.airlock.common.Origin;
import dev.airlock.credentials.Secret;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.error.UsageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * {@code https_proxy}/{@code HTTPS_PROXY}, {@code http_proxy}/{@code HTTP_PROXY} and
 * {@code no_proxy}/{@code NO_PROXY} as curl reads them (lower case first); loopback targets are
 * never proxied, whatever the variables say. A proxy's own
 * {@code user:password@} is sent only to that proxy, as {@code Proxy-Authorization} after it
 * answers 407; origins never see it. Only {@code http://} proxies (the usual corporate kind).
 */
public final class ProxyConfig {
  /** One proxy and its optional credentials (registered for scrubbing). */
  record Endpoint(String display, InetSocketAddress address, Optional<Login> login) {
    Optional<Secret> basic() {
      return login.map(Login::basic);
    }

    boolean is(String host, int port) {
      return address.getPort() == port && address.getHostString().equalsIgnoreCase(host);
    }
  }

  /** A proxy's user and password, and the {@code Basic} header value made of them. */
  record Login(String user, Secret password, Secret basic) {}

  /** No proxy: every request goes direct. */
  public static final ProxyConfig NONE = new ProxyConfig(Optional.empty(), Optional.empty(), NoProxy.parse(""));

  private final Optional<Endpoint> https;
  private final Optional<Endpoint> http;
  private final NoProxy noProxy;

  ProxyConfig(Optional<Endpoint> https, Optional<Endpoint> http, NoProxy noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  public static ProxyConfig fromEnvironment(Environment env, SecretRegistry registry) {
    return new ProxyConfig(
        variable(env, "https_proxy").flatMap(v -> endpoint(v.name(), v.value(), registry)),
        variable(env, "http_proxy").flatMap(v -> endpoint(v.name(), v.value(), registry)),
        NoProxy.parse(variable(env, "no_proxy").map(Variable::value).orElse("")));
  }

  private record Variable(String name, String value) {}

  private static Optional<Variable> variable(Environment env, String lower) {
    String upper = lower.toUpperCase(Locale.ROOT);
    return env.get(lower).map(v -> new Variable(lower, v)).or(() -> env.get(upper).map(v -> new Variable(upper, v)));
  }

  static Optional<Endpoint> endpoint(String name, String value, SecretRegistry registry) {
    String v = value.contains("://") ? value : "http://" + value;
    HttpUrl url = HttpUrl.parse(v);
    if (url == null || !v.regionMatches(true, 0, "http://", 0, 7)) {
      throw new UsageException("$" + name + ": not an http:// proxy URL (https:// and socks proxies are not supported)");
    }
    Optional<Login> login = Optional.empty();
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      Secret password = registry.register(url.password());
      registry.registerBasic(url.username(), password);
      String pair = url.username() + ":" + password.reveal();
      login = Optional.of(new Login(url.username(), password, registry.register(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))));
    }
    String display = "http://" + url.host() + ":" + url.port();
    return Optional.of(new Endpoint(display, InetSocketAddress.createUnresolved(url.host(), url.port()), login));
  }

  /** The proxies' passwords, each with its user name: values this run sends, for fetch's own check. */
  public List<FileSecret> logins() {
    return Stream.of(https, http).flatMap(Optional::stream).flatMap(e -> e.login().stream())
        .map(l -> new FileSecret(l.password(), Optional.of(l.user()))).distinct().toList();
  }

  public boolean any() {
    return https.isPresent() || http.isPresent();
  }

  /**
   * The proxy for a request to {@code url}, if any: by scheme, unless the host is loopback or
   * {@code no_proxy} matches. Loopback ({@code localhost}, 127.0.0.0/8, {@code ::1}) is never
   * proxied: plain http is allowed there only because the bytes never leave this host, and a
   * proxy's own "localhost" is not ours anyway.
   */
  Optional<Endpoint> forUrl(String scheme, String host, int port) {
    if (Origin.isLoopbackHost(host) || noProxy.matches(host, port)) {
      return Optional.empty();
    }
    return scheme.equals("https") ? https : scheme.equals("http") ? http : Optional.empty();
  }

  public void apply(OkHttpClient.Builder b) {
    if (!any()) {
      return;
    }
    b.proxySelector(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return forUrl(uri.getScheme(), uri.getHost(), uri.getPort() == -1 ? HttpUrl.defaultPort(uri.getScheme()) : uri.getPort())
            .map(e -> List.of(new Proxy(Proxy.Type.HTTP, e.address())))
            .orElse(List.of(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // OkHttp reports the failure itself
      }
    });
    b.proxyAuthenticator(authenticator());
  }

  /**
   * Answers a real 407 (never OkHttp's preemptive probe) from one of our proxies, once: the
   * credentials belong to that proxy's address only.
   */
  Authenticator authenticator() {
    return (route, response) -> {
      boolean preemptive = "OkHttp-Preemptive".equalsIgnoreCase(response.header("Proxy-Authenticate"));
      if (route == null || response.code() != 407 || preemptive
          || response.request().header("Proxy-Authorization") != null) {
        return null;
      }
      if (!(route.proxy().address() instanceof InetSocketAddress addr)) {
        return null;
      }
      Optional<Secret> basic = endpoints().filter(e -> e.is(addr.getHostString(), addr.getPort())).findFirst()
          .flatMap(Endpoint::basic);
      if (basic.isEmpty()) {
        return null;
      }
      Request r = response.request();
      return r.newBuilder().header("Proxy-Authorization", basic.get().reveal()).build();
    };
  }

  private java.util.stream.Stream<Endpoint> endpoints() {
    return Stream.of(https, http).flatMap(Optional::stream);
  }

  /**
   * The proxy a {@code java.net} connection to {@code url} goes through (JGit's HTTP transport):
   * by scheme from the environment's variables, unless {@code no_proxy} matches;
   * {@link Proxy#NO_PROXY} when none applies. The JVM's own {@code ProxySelector} is never asked.
   */
  public Proxy proxyFor(java.net.URL url) {
    int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
    return forUrl(url.getProtocol(), url.getHost(), port).map(e -> new Proxy(Proxy.Type.HTTP, e.address()))
        .orElse(Proxy.NO_PROXY);
  }

  /**
   * A fresh authenticator for one {@code java.net} connection: it answers only a {@code 407} to
   * the {@code CONNECT} of one of these proxies, with that proxy's own credentials
   * ({@link TunnelAuthenticator}).
   */
  public java.net.Authenticator tunnelAuthenticator() {
    return new TunnelAuthenticator(endpoints().filter(e -> e.login().isPresent()).toList());
  }

  @Override
  public String toString() {
    return "proxies: https=" + https.map(Endpoint::display).orElse("none") + ", http="
        + http.map(Endpoint::display).orElse("none");
  }
}
