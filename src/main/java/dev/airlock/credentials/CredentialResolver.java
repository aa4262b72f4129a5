package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.common.Origin;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.CredentialRef;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * Turns a source's {@code credentials:} into a {@link RequestAuth} bound to the origin of the
 * source's URL. Secret values are read lazily, once, and registered with the {@link SecretRegistry}
 * so the console scrubs them; the scanner learns them from {@code scan.KnownSecretsLoader}, which
 * reads them through this class, never from the registry. The values behind {@code env}/{@code file}
 * references are read by {@link SecretValues}, ssh identities resolved by {@link SshCredentials}.
 */
public final class CredentialResolver {
  private final Manifest manifest;
  private final Environment env;
  private final SecretRegistry registry;
  private final Optional<Path> netrcOverride;
  private final Consumer<String> warn;
  private final Map<Optional<Path>, Optional<Netrc>> netrcs = new ConcurrentHashMap<>();
  private final Map<HelperCall, CredentialHelper.Answer> helperAnswers = new ConcurrentHashMap<>();
  private final FileCredentials files;
  private final SecretValues secrets;
  private final SshCredentials ssh;
  private volatile boolean deferred;

  /** A helper is asked once per credential and source URL. */
  private record HelperCall(String id, String url) {}

  public CredentialResolver(Manifest manifest, Environment env, SecretRegistry registry,
      Optional<Path> netrcOverride, Consumer<String> warn) {
    this.manifest = manifest;
    this.env = env;
    this.registry = registry;
    this.netrcOverride = netrcOverride;
    this.warn = warn;
    this.files = new FileCredentials(env, manifest.baseDir(), registry, warn);
    this.secrets = new SecretValues(env, registry);
    this.ssh = new SshCredentials(manifest, env, registry, files, secrets);
  }

  /** The auth for requests made on behalf of a source whose main URL is {@code sourceUrl}. */
  public RequestAuth forSource(CredentialRef ref, HttpUrl sourceUrl) {
    return switch (ref.mode()) {
      case NONE -> RequestAuth.NONE;
      case DEFAULT_NETRC -> new NetrcAuth("netrc", netrc(Optional.empty()), false, registry);
      case NAMED -> deferred ? deferred(ref.id().orElseThrow(), sourceUrl) : named(ref.id().orElseThrow(), sourceUrl);
    };
  }

  /**
   * From now on, named credentials are read (and helpers run) at the first request that needs them,
   * not when a backend asks for its auth: with a remote cache, a runner may need no registry at all.
   */
  public void deferSecrets() {
    deferred = true;
  }

  /** The credential of the remote cache, bound to the cache's origin; never netrc, never a source's. */
  public RequestAuth forCache(Optional<String> id, HttpUrl cacheUrl) {
    return id.map(i -> named(i, cacheUrl)).orElse(RequestAuth.NONE);
  }

  private RequestAuth deferred(String id, HttpUrl sourceUrl) {
    CredentialSpec spec = manifest.credentials().get(id);
    Set<String> names = spec instanceof CredentialSpec.Token t && t.header().isPresent()
        ? Set.of(t.header().get()) : Set.of();
    return new DeferredAuth(id, names, () -> named(id, sourceUrl));
  }

  private RequestAuth named(String id, HttpUrl sourceUrl) {
    Origin origin = Origin.of(sourceUrl);
    CredentialSpec spec = manifest.credentials().get(id);
    if (spec == null) {
      throw new UsageException("unknown credential '" + id + "'");
    }
    if (spec instanceof CredentialSpec.Netrc n) {
      Optional<Netrc> file = netrc(n.file());
      if (file.isEmpty()) {
        throw new UsageException("credential '" + id + "': no usable netrc file");
      }
      return new NetrcAuth(id, file, n.useDefault(), registry);
    }
    if (spec instanceof CredentialSpec.Token t) {
      Secret token = secret(id, t.secret());
      Map<String, Secret> headers = t.header().isPresent()
          ? Map.of(t.header().get(), token)
          : Map.of("Authorization", registry.register("Bearer " + token.reveal()));
      return new OriginAuth(id, "token", origin, headers);
    }
    if (spec instanceof CredentialSpec.Helper h) {
      // Asked once per source URL, for the source's own origin only; redirect targets get nothing.
      CredentialHelper.Answer a = helperAnswers.computeIfAbsent(new HelperCall(id, sourceUrl.toString()),
          k -> CredentialHelper.get(h, sourceUrl, env, registry));
      return new OriginAuth(id, "helper", origin,
          Map.of("Authorization", basicHeader(a.username(), a.password(), registry)));
    }
    if (spec instanceof CredentialSpec.Npmrc n) {
      return files.npmrc(n, sourceUrl);
    }
    if (spec instanceof CredentialSpec.MavenSettings m) {
      return files.mavenSettings(m, sourceUrl);
    }
    if (spec instanceof CredentialSpec.Pypirc p) {
      return files.pypirc(p, sourceUrl);
    }
    if (spec instanceof CredentialSpec.Ssh) {
      throw new UsageException("credential '" + id + "' is an ssh key: it works only with ssh:// or "
          + "user@host:path git URLs, not with " + origin);
    }
    CredentialSpec.Basic b = (CredentialSpec.Basic) spec;
    Secret password = secret(id, b.password());
    registry.registerBasic(b.username(), password);
    return new OriginAuth(id, "basic", origin, Map.of("Authorization", basicHeader(b.username(), password, registry)));
  }

  /**
   * The SSH identity for a source reached over ssh. Without a named {@code ssh:} credential: no key,
   * no agent, and {@code ~/.ssh/known_hosts}. A named credential of another kind is a usage error.
   */
  public SshIdentity sshIdentity(CredentialRef ref) {
    return ssh.identity(ref);
  }

  /**
   * The text of a settings.xml server's {@code <privateKey>}, if it names one (for the scanner: an
   * ssh git source may use it).
   *
   * @throws UsageException if the settings file or the key cannot be read
   */
  public Optional<Secret> mavenPrivateKey(CredentialSpec.MavenSettings m) {
    return ssh.mavenPrivateKey(m);
  }

  static Secret basicHeader(String user, Secret password, SecretRegistry registry) {
    String pair = user + ":" + password.reveal();
    return registry.register("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads the secrets of the named token/basic credentials up front, so an unset variable or an
   * unreadable file fails (exit 2) before any request is made.
   */
  public void preflight(CredentialRef ref) {
    if (ref.mode() != CredentialRef.Mode.NAMED) {
      return;
    }
    CredentialSpec spec = manifest.credentials().get(ref.id().orElseThrow());
    if (spec instanceof CredentialSpec.Token t) {
      secret(t.id(), t.secret());
    } else if (spec instanceof CredentialSpec.Basic b) {
      secret(b.id(), b.password());
    } else {
      files.values(spec); // reads (and registers) an npmrc, settings.xml or .pypirc credential
    }
  }

  /**
   * The values an npmrc, settings.xml or .pypirc credential reads from its file (registered with the
   * scrubber as they are read), for the scanner; empty for other kinds.
   *
   * @throws UsageException if the file is missing, unreadable or lacks the entry
   */
  public List<FileSecret> fileSecrets(CredentialSpec spec) {
    return files.values(spec);
  }

  /** Reads (once) the secret behind a reference. A missing value is a configuration error: exit 2. */
  public Secret secret(String id, SecretRef ref) {
    return secrets.get(id, ref);
  }

  /**
   * The netrc file in play for a credential naming {@code manifestFile} (empty: the default one),
   * read once; every password in it is registered with the scrubber as it is read.
   *
   * @throws UsageException if the file is unusable
   */
  public Optional<Netrc> netrc(Optional<Path> manifestFile) {
    Optional<Path> file = netrcOverride.isPresent() ? netrcOverride : manifestFile;
    return netrcs.computeIfAbsent(file, f -> {
      Optional<Netrc> n = NetrcLoader.load(env, f, warn, isWindows());
      n.ifPresent(this::registerEntries);
      return n;
    });
  }

  /** What the credential helpers answered so far, by credential id: their passwords, with the user names. */
  public Map<String, List<FileSecret>> helperAnswers() {
    Map<String, List<FileSecret>> out = new TreeMap<>();
    helperAnswers.forEach((key, a) -> out.computeIfAbsent(key.id(), k -> new ArrayList<>())
        .add(new FileSecret(a.password(), Optional.of(a.username()))));
    return out;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  private void registerEntries(Netrc file) {
    file.entries().forEach(e -> e.password().ifPresent(p -> {
      registry.register(p);
      e.login().ifPresent(l -> registry.registerBasic(l, p));
    }));
  }
}
