package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.common.Origin;
import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.CredentialSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;

/**
 * Runs a git credential helper ({@code prog args… get}) without a shell: {@code protocol},
 * {@code host} and {@code path} of one URL in, {@code username} and {@code password} out. Its
 * stderr is discarded and its output never appears in a message; only the answer is kept, in memory.
 */
final class CredentialHelper {
  static final int MAX_OUTPUT = 64 * 1024;

  /** What the helper answered. */
  record Answer(String username, Secret password) {}

  private CredentialHelper() {}

  static Answer get(CredentialSpec.Helper spec, HttpUrl url, Environment env, SecretRegistry registry) {
    String id = spec.id();
    List<String> argv = new ArrayList<>(spec.command());
    argv.set(0, program(id, argv.get(0), env));
    argv.add("get");
    String request = request(id, url);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(env.workingDir().toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(env.variables());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UsageException("credential '" + id + "': cannot run helper " + argv.get(0));
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readLimited(p.getInputStream()),
        r -> {
          Thread t = new Thread(r, "airlock-credential-helper");
          t.setDaemon(true);
          t.start();
        });
    try (OutputStream in = p.getOutputStream()) {
      in.write(request.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // the helper closed its stdin early; its answer (or exit status) decides
    }
    byte[] answer;
    try {
      if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new UsageException("credential '" + id + "': helper did not answer within "
            + spec.timeout().toSeconds() + " s");
      }
      answer = out.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("credential '" + id + "': interrupted while waiting for the helper");
    } catch (ExecutionException | TimeoutException e) {
      throw new UsageException("credential '" + id + "': cannot read the helper's answer");
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    if (p.exitValue() != 0) {
      throw new UsageException("credential '" + id + "': helper exited with status " + p.exitValue());
    }
    if (answer == null) {
      throw new UsageException("credential '" + id + "': helper answered more than " + MAX_OUTPUT + " bytes");
    }
    return parse(id, new String(answer, StandardCharsets.UTF_8), Origin.of(url), registry);
  }

  /** A path as written (made absolute by the manifest reader), or a bare name found on $PATH. */
  private static String program(String id, String name, Environment env) {
    if (name.contains("/")) {
      return name;
    }
    for (String dir : env.get("PATH").orElse("").split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir).resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new UsageException("credential '" + id + "': helper " + name + " not found on PATH");
  }

  /**
   * The git credential protocol request. A value with any control character is refused before the
   * helper runs: a newline or NUL would inject keys, and a bare CR does too for helpers that read
   * universal newlines (Git Credential Manager, .NET {@code ReadLine}: CVE-2024-50338). The message
   * names the field, never its value.
   */
  static String request(String id, HttpUrl url) {
    boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("protocol", url.scheme());
    kv.put("host", url.host() + (defaultPort ? "" : ":" + url.port()));
    kv.put("path", String.join("/", url.pathSegments()).replaceAll("^/+", ""));
    StringBuilder sb = new StringBuilder();
    kv.forEach((k, v) -> {
      if (hasControl(v)) {
        throw new FetchException("credential '" + id + "': the URL's " + k + " contains a control character "
            + "(CR, LF, NUL, …); refused before asking the helper");
      }
      sb.append(k).append('=').append(v).append('\n');
    });
    return sb.append('\n').toString();
  }

  static Answer parse(String id, String output, Origin origin, SecretRegistry registry) {
    Map<String, String> kv = new HashMap<>();
    for (String line : output.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("credential '" + id + "': the helper's answer is not key=value lines "
            + "(git credential protocol); it is not shown");
      }
      kv.putIfAbsent(l.substring(0, eq), l.substring(eq + 1));
    }
    if (Optional.ofNullable(kv.get("quit")).filter(q -> q.equals("1") || q.equalsIgnoreCase("true")).isPresent()) {
      throw new UsageException("credential '" + id + "': the helper declined (quit) for " + origin);
    }
    String user = kv.get("username");
    String password = kv.get("password");
    if (password == null || password.isEmpty() || user == null) {
      throw new UsageException("credential '" + id + "': the helper gave no "
          + (user == null ? "username" : "password") + " for " + origin);
    }
    if (user.indexOf(':') >= 0 || hasControl(user) || hasControl(password)) {
      throw new UsageException("credential '" + id + "': the helper's username or password contains "
          + "a control character (or the username a ':')");
    }
    Secret secret = registry.register(password);
    registry.registerBasic(user, secret);
    return new Answer(user, secret);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /** All of stdout, or null past the limit (the rest is drained so the helper is not blocked). */
  private static byte[] readLimited(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      boolean tooLong = false;
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (buf.size() + n > MAX_OUTPUT) {
          tooLong = true;
        } else {
          buf.write(chunk, 0, n);
        }
      }
      return tooLong ? null : buf.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
