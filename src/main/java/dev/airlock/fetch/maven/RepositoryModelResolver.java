package dev.airlock.fetch.maven;

import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Parents and imported BOMs of the project's own POMs, fetched through the resolver from the
 * manifest's repositories only: repositories a POM declares are not added (as under a
 * {@code mirrorOf *} mirror), so a POM cannot send a request anywhere the manifest did not name.
 */
final class RepositoryModelResolver implements ModelResolver {
  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;

  RepositoryModelResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
    this.system = system;
    this.session = session;
    this.repositories = repositories;
  }

  @Override
  public ModelSource resolveModel(String groupId, String artifactId, String version) throws UnresolvableModelException {
    try {
      ArtifactRequest req = new ArtifactRequest(new DefaultArtifact(groupId, artifactId, "", "pom", version),
          repositories, null);
      return new FileModelSource(system.resolveArtifact(session, req).getArtifact().getFile());
    } catch (ArtifactResolutionException e) {
      throw new UnresolvableModelException(e.getMessage(), groupId, artifactId, version, e);
    }
  }

  @Override
  public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
    return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
  }

  @Override
  public ModelSource resolveModel(Dependency dependency) throws UnresolvableModelException {
    return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
  }

  @Override
  public void addRepository(Repository repository) {
    // only the manifest's repositories are asked
  }

  @Override
  public void addRepository(Repository repository, boolean replace) {
    // only the manifest's repositories are asked
  }

  @Override
  public ModelResolver newCopy() {
    return this;
  }
}
