package dev.airlock.fetch.git;

import dev.airlock.credentials.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * JGit's view of one {@link HttpURLConnection} that {@link GitHttpConnections} opened and set up
 * (TLS, proxy, proxy authenticator, credential headers). JGit may not change any of that: it
 * cannot set an {@code Authorization}, {@code Cookie} or {@code Proxy-Authorization} header or
 * one of ours, and its {@link #configure} and {@link #setHostnameVerifier} (how
 * {@code http.sslVerify=false} would switch verification off) do nothing.
 */
final class JdkConnection implements HttpConnection {
  private static final Set<String> ALWAYS_OURS = Set.of("authorization", "cookie", "proxy-authorization");
  private final HttpURLConnection c;
  private final Set<String> ours;

  JdkConnection(HttpURLConnection c, Map<String, Secret> headers) {
    this.c = c;
    headers.forEach((k, v) -> c.setRequestProperty(k, v.reveal()));
    this.ours = headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  @Override
  public void setRequestProperty(String key, String value) {
    String k = key.toLowerCase(Locale.ROOT);
    if (!ours.contains(k) && !ALWAYS_OURS.contains(k)) {
      c.setRequestProperty(key, value);
    }
  }

  @Override
  public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
    // TLS is fixed when the connection is opened: never replaced (e.g. by http.sslVerify=false)
  }

  @Override
  public void setHostnameVerifier(HostnameVerifier verifier) {
    // host names are always verified
  }

  @Override
  public List<String> getHeaderFields(String name) {
    return c.getHeaderFields().entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream()).toList();
  }

  // plain delegation from here on

  @Override
  public int getResponseCode() throws IOException {
    return c.getResponseCode();
  }

  @Override
  public URL getURL() {
    return c.getURL();
  }

  @Override
  public String getResponseMessage() throws IOException {
    return c.getResponseMessage();
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    return c.getHeaderFields();
  }

  @Override
  public void setRequestMethod(String method) throws ProtocolException {
    c.setRequestMethod(method);
  }

  @Override
  public void setUseCaches(boolean useCaches) {
    c.setUseCaches(useCaches);
  }

  @Override
  public void setConnectTimeout(int timeout) {
    c.setConnectTimeout(timeout);
  }

  @Override
  public void setReadTimeout(int timeout) {
    c.setReadTimeout(timeout);
  }

  @Override
  public String getContentType() {
    return c.getContentType();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return c.getInputStream();
  }

  @Override
  public String getHeaderField(String name) {
    return c.getHeaderField(name);
  }

  @Override
  public int getContentLength() {
    return c.getContentLength();
  }

  @Override
  public void setInstanceFollowRedirects(boolean followRedirects) {
    c.setInstanceFollowRedirects(followRedirects);
  }

  @Override
  public void setDoOutput(boolean doOutput) {
    c.setDoOutput(doOutput);
  }

  @Override
  public void setFixedLengthStreamingMode(int contentLength) {
    c.setFixedLengthStreamingMode(contentLength);
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return c.getOutputStream();
  }

  @Override
  public void setChunkedStreamingMode(int chunklen) {
    c.setChunkedStreamingMode(chunklen);
  }

  @Override
  public String getRequestMethod() {
    return c.getRequestMethod();
  }

  @Override
  public boolean usingProxy() {
    return c.usingProxy();
  }

  @Override
  public void connect() throws IOException {
    c.connect();
  }
}
