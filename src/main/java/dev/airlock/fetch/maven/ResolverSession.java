package dev.airlock.fetch.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import okhttp3.HttpUrl;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.connector.basic.BasicRepositoryConnectorFactory;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.spi.connector.RepositoryConnectorFactory;

/**
 * Maven's own resolver (the libraries Maven 3.9 runs on) set up the way {@code mvn} sets it up,
 * except that: its only transport is {@link AirlockTransporterFactory}; the local repository is a
 * fresh folder of this run; repositories named in dependency POMs are ignored (only the manifest's
 * repositories are asked, as under a {@code mirrorOf *} mirror); checksums are checked by
 * {@link RepositoryAccess} instead of the resolver.
 */
final class ResolverSession {
  final RepositorySystem system;
  final DefaultRepositorySystemSession session;
  final List<RemoteRepository> repositories;

  ResolverSession(RepositoryAccess access, List<HttpUrl> repos, Path localRepo, int threads) {
    AirlockTransporterFactory transport = new AirlockTransporterFactory(access);
    this.system = system(transport);
    DefaultRepositorySystemSession s = MavenRepositorySystemUtils.newSession();
    s.setLocalRepositoryManager(system.newLocalRepositoryManager(s, new LocalRepository(localRepo.toFile())));
    s.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_IGNORE);
    s.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_NEVER);
    s.setIgnoreArtifactDescriptorRepositories(true);
    s.setOffline(false);
    Properties sys = new Properties();
    System.getProperties().forEach((k, v) -> sys.put(k, v));
    s.setSystemProperties(sys);
    s.setConfigProperty("aether.dependencyCollector.impl", "bf");
    s.setConfigProperty("aether.dependencyCollector.bf.threads", threads);
    s.setConfigProperty("aether.connector.basic.threads", threads);
    s.setConfigProperty("aether.metadataResolver.threads", threads);
    s.setConfigProperty("aether.checksums.algorithms", "SHA-1");
    this.session = s;
    List<RemoteRepository> rs = new ArrayList<>();
    RepositoryPolicy policy = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_NEVER,
        RepositoryPolicy.CHECKSUM_POLICY_IGNORE);
    for (int i = 0; i < repos.size(); i++) {
      rs.add(new RemoteRepository.Builder(i == 0 ? "airlock" : "airlock-" + (i + 1), "default", repos.get(i).toString())
          .setPolicy(policy).build());
    }
    this.repositories = List.copyOf(rs);
  }

  /**
   * The resolver's default services with one transporter, ours. (The service locator, unlike the
   * resolver's supplier, does not need the resolver's own HTTP transport on the class path.)
   */
  @SuppressWarnings("deprecation")
  private static RepositorySystem system(TransporterFactory transport) {
    DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
    locator.addService(RepositoryConnectorFactory.class, BasicRepositoryConnectorFactory.class);
    locator.setServices(TransporterFactory.class, transport);
    locator.setErrorHandler(new DefaultServiceLocator.ErrorHandler() {
      @Override
      public void serviceCreationFailed(Class<?> type, Class<?> impl, Throwable exception) {
        throw new IllegalStateException("cannot create the resolver's " + type.getSimpleName(), exception);
      }
    });
    RepositorySystem system = locator.getService(RepositorySystem.class);
    if (system == null) {
      throw new IllegalStateException("the resolver did not start");
    }
    return system;
  }
}
