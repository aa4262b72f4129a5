package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.common.Origin;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.CredentialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * The credentials read from files other tools keep: {@code npmrc}, {@code mavenSettings} and
 * {@code pypirc}. Each file is read once per credential; every value found is registered with the
 * {@link SecretRegistry} as soon as it is read, so output scrubs it.
 */
final class FileCredentials {
  private final Environment env;
  private final Path projectDir;
  private final SecretRegistry registry;
  private final Consumer<String> warn;
  private final Map<String, NpmrcLoader.Loaded> npmrcs = new ConcurrentHashMap<>();
  private final Map<String, MavenSettingsFile.Server> servers = new ConcurrentHashMap<>();
  private final Map<String, PypircEntry> pypircs = new ConcurrentHashMap<>();

  private record PypircEntry(String username, Secret password) {}

  FileCredentials(Environment env, Path projectDir, SecretRegistry registry, Consumer<String> warn) {
    this.env = env;
    this.projectDir = projectDir;
    this.registry = registry;
    this.warn = warn;
  }

  /**
   * The npmrc auth for a source. Its URL is taken as a folder ({@code https://h/npm} as
   * {@code https://h/npm/}), as npm requests {@code registry/name}: a {@code //h/npm/} key answers.
   */
  RequestAuth npmrc(CredentialSpec.Npmrc spec, HttpUrl sourceUrl) {
    HttpUrl base = sourceUrl.encodedPath().endsWith("/") ? sourceUrl
        : sourceUrl.newBuilder().encodedPath(sourceUrl.encodedPath() + "/").build();
    NpmrcLoader.Loaded loaded = npmrcOf(spec);
    NpmrcAuth auth = new NpmrcAuth(spec.id(), loaded.npmrc(), base, registry);
    if (auth.matchFor(base).isEmpty()) {
      throw new UsageException("credential '" + spec.id() + "': " + files(loaded.files()) + " give"
          + (loaded.files().size() == 1 ? "s" : "") + " no _authToken, _auth or username/_password for //"
          + Npmrc.hostKey(base) + base.encodedPath() + " or a prefix of it");
    }
    auth.headersFor(base, true); // an unset ${VAR} or a bad _password fails now, before any request
    return auth;
  }

  RequestAuth mavenSettings(CredentialSpec.MavenSettings spec, HttpUrl sourceUrl) {
    MavenSettingsFile.Server s = serverOf(spec);
    Origin origin = Origin.of(sourceUrl);
    String where = "credential '" + spec.id() + "': " + settingsFile(spec) + " <server> '" + spec.server() + "'";
    List<Origin> declared = new ArrayList<>();
    for (String u : s.urls()) {
      Optional.ofNullable(HttpUrl.parse(u)).map(Origin::of).ifPresent(declared::add);
    }
    if (!declared.isEmpty() && !declared.contains(origin)) {
      throw new UsageException(where + " belongs to the <mirror>/<repository> with that id at " + declared.get(0)
          + ", not to " + origin + ": its credentials are sent only there");
    }
    if (s.password().isEmpty()) {
      throw new UsageException(where + " has no <password>" + (s.privateKey().isPresent()
          ? ": its <privateKey> works only for ssh git URLs" : ""));
    }
    if (s.username().isEmpty()) {
      throw new UsageException(where + " has no <username>");
    }
    return new OriginAuth(spec.id(), "maven settings server " + spec.server(), origin,
        Map.of("Authorization", CredentialResolver.basicHeader(s.username().get(), s.password().get(), registry)));
  }

  /** A server's {@code <privateKey>} and {@code <passphrase>}, for an ssh git source. */
  MavenSettingsFile.Server mavenServer(CredentialSpec.MavenSettings spec) {
    return serverOf(spec);
  }

  RequestAuth pypirc(CredentialSpec.Pypirc spec, HttpUrl sourceUrl) {
    PypircEntry e = pypircOf(spec);
    return new OriginAuth(spec.id(), "pypirc [" + spec.repository() + "]", Origin.of(sourceUrl),
        Map.of("Authorization", CredentialResolver.basicHeader(e.username(), e.password(), registry)));
  }

  /** Every value the credential's file holds that a request could use. */
  List<FileSecret> values(CredentialSpec spec) {
    if (spec instanceof CredentialSpec.Npmrc n) {
      return NpmrcAuth.values(npmrcOf(n).npmrc());
    }
    if (spec instanceof CredentialSpec.MavenSettings m) {
      MavenSettingsFile.Server s = serverOf(m);
      List<FileSecret> out = new ArrayList<>();
      s.password().ifPresent(p -> out.add(new FileSecret(p, s.username())));
      s.passphrase().ifPresent(p -> out.add(new FileSecret(p, Optional.empty())));
      return out;
    }
    if (spec instanceof CredentialSpec.Pypirc p) {
      PypircEntry e = pypircOf(p);
      return List.of(new FileSecret(e.password(), Optional.of(e.username())));
    }
    return List.of();
  }

  private NpmrcLoader.Loaded npmrcOf(CredentialSpec.Npmrc spec) {
    return npmrcs.computeIfAbsent(spec.id(), k -> {
      NpmrcLoader.Loaded loaded;
      try {
        loaded = NpmrcLoader.load(env, spec.file(), projectDir, warn);
      } catch (UsageException e) {
        throw new UsageException("credential '" + spec.id() + "': " + e.getMessage());
      }
      if (loaded.files().isEmpty()) {
        throw new UsageException("credential '" + spec.id() + "': no usable npmrc file ("
            + spec.file().map(Path::toString).orElse(projectDir.resolve(".npmrc") + " and "
            + NpmrcLoader.userConfig(env)) + ")");
      }
      NpmrcAuth.values(loaded.npmrc()).forEach(v -> v.registerWith(registry));
      return loaded;
    });
  }

  private Path settingsFile(CredentialSpec.MavenSettings spec) {
    return spec.file().orElse(env.home().resolve(".m2").resolve("settings.xml"));
  }

  private MavenSettingsFile.Server serverOf(CredentialSpec.MavenSettings spec) {
    return servers.computeIfAbsent(spec.id(), k -> {
      Path file = settingsFile(spec);
      Path security = spec.settingsSecurity().orElse(env.home().resolve(".m2").resolve("settings-security.xml"));
      if (!file.toFile().exists()) {
        throw new UsageException("credential '" + spec.id() + "': maven settings file not found: " + file);
      }
      MavenSettingsFile.Server s;
      try {
        s = MavenSettingsFile.read(file, security, spec.server(), env);
      } catch (UsageException e) {
        throw new UsageException("credential '" + spec.id() + "': " + e.getMessage());
      }
      s.password().ifPresent(p -> new FileSecret(p, s.username()).registerWith(registry));
      s.passphrase().ifPresent(registry::register);
      return s;
    });
  }

  private PypircEntry pypircOf(CredentialSpec.Pypirc spec) {
    return pypircs.computeIfAbsent(spec.id(), k -> {
      Path file = spec.file().orElse(env.home().resolve(".pypirc"));
      String where = "credential '" + spec.id() + "': " + file;
      if (!file.toFile().exists()) {
        throw new UsageException(where + ": pypirc file not found");
      }
      Pypirc p;
      try {
        p = Pypirc.parse(CredentialFile.read(file, "pypirc file"), file.toString());
      } catch (UsageException e) {
        throw new UsageException("credential '" + spec.id() + "': " + e.getMessage());
      }
      String section = spec.repository();
      if (!p.hasSection(section)) {
        throw new UsageException(where + " has no [" + section + "] section"
            + (p.sectionNames().isEmpty() ? "" : " (it has: " + String.join(", ", p.sectionNames()) + ")"));
      }
      p.get(section, "repository").filter(FileCredentials::embedsCredentials).ifPresent(u -> {
        throw new UsageException(where + " [" + section + "]: the repository URL carries a user name or "
            + "password; airlock does not read secrets from URLs: put them in username/password, "
            + "a netrc entry, or a token credential");
      });
      String user = p.get(section, "username").orElseThrow(() ->
          new UsageException(where + " [" + section + "] has no username"));
      String pw = p.get(section, "password").orElseThrow(() ->
          new UsageException(where + " [" + section + "] has no password (airlock reads no keyring: "
              + "put it in the file, or use a netrc or token credential)"));
      if (user.indexOf(':') >= 0) {
        throw new UsageException(where + " [" + section + "]: the username must not contain ':'");
      }
      Secret password = registry.register(pw);
      registry.registerBasic(user, password);
      return new PypircEntry(user, password);
    });
  }

  /**
   * A URL that may carry {@code user[:password]@}: an {@code @} anywhere before its query or
   * fragment (a password with an unencoded {@code /} would otherwise hide it from a strict parse).
   */
  static boolean embedsCredentials(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    String rest = url.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return rest.substring(0, end).contains("@");
  }

  private static String files(List<Path> files) {
    return files.size() == 1 ? "npmrc file " + files.get(0)
        : "npmrc files " + String.join(", ", files.stream().map(Path::toString).toList());
  }
}
