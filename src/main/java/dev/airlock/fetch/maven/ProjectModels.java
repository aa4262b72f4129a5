package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuilder;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingResult;
import org.apache.maven.model.building.ModelProblem;
import org.apache.maven.model.resolution.ModelResolver;

/**
 * The effective models of a reactor's POMs, built by Maven's own model builder: parents (by
 * {@code relativePath} first, then from the repositories), BOM imports, {@code dependencyManagement},
 * properties and the profiles active by default (or by the JDK and OS this runs on, as {@code mvn}
 * would activate them here).
 */
final class ProjectModels {
  /** One reactor POM: its effective model and the plugin keys its own file manages. */
  record Project(Path pom, Model effective, Set<String> ownManagedPlugins) {
    String key() {
      return effective.getGroupId() + ":" + effective.getArtifactId();
    }
  }

  private ProjectModels() {}

  static List<Project> build(String name, List<Path> poms, ModelResolver resolver, Properties system) {
    ModelBuilder builder = new DefaultModelBuilderFactory().newInstance();
    List<Project> out = new ArrayList<>();
    for (Path pom : poms) {
      DefaultModelBuildingRequest req = new DefaultModelBuildingRequest();
      req.setPomFile(pom.toFile());
      req.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
      req.setProcessPlugins(true);
      req.setTwoPhaseBuilding(false);
      req.setLocationTracking(false);
      req.setSystemProperties(system);
      req.setModelResolver(resolver.newCopy());
      ModelBuildingResult r;
      try {
        r = builder.build(req);
      } catch (ModelBuildingException e) {
        String problems = e.getProblems().stream()
            .filter(p -> p.getSeverity() != ModelProblem.Severity.WARNING)
            .map(ModelProblem::getMessage).distinct().limit(5).collect(Collectors.joining("; "));
        throw new FetchException(name + ": cannot build the model of " + pom + ": " + problems);
      }
      Set<String> managed = new LinkedHashSet<>();
      Model raw = r.getRawModel();
      if (raw.getBuild() != null && raw.getBuild().getPluginManagement() != null) {
        for (Plugin p : raw.getBuild().getPluginManagement().getPlugins()) {
          managed.add(p.getKey());
        }
      }
      out.add(new Project(pom, r.getEffectiveModel(), managed));
    }
    return out;
  }
}
