package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.Parallel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.ArtifactType;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * What {@code mvn package} of a reactor downloads: each module's dependencies of every scope but
 * {@code system} (transitive, with Maven's mediation, exclusions and management), the build
 * plugins it uses and the ones its own POMs manage, the default lifecycle plugins of a {@code jar}
 * build up to {@code package}, each plugin with its own closure, and the test-framework provider
 * surefire resolves only when the tests run. Every POM read on the way (parents, BOMs) lands in the
 * session's local repository with the artifacts.
 */
final class ClosureResolver {
  /** The plugins Maven 3.9 binds to a jar build's phases up to package, and the versions it binds. */
  static final Map<String, String> LIFECYCLE = new LinkedHashMap<>();

  static {
    LIFECYCLE.put("org.apache.maven.plugins:maven-resources-plugin", "3.3.1");
    LIFECYCLE.put("org.apache.maven.plugins:maven-compiler-plugin", "3.13.0");
    LIFECYCLE.put("org.apache.maven.plugins:maven-surefire-plugin", "3.2.5");
    LIFECYCLE.put("org.apache.maven.plugins:maven-jar-plugin", "3.4.1");
  }

  private static final String SUREFIRE = "org.apache.maven.plugins:maven-surefire-plugin";
  private static final String FAILSAFE = "org.apache.maven.plugins:maven-failsafe-plugin";

  /** A plugin to resolve: coordinates and the extra dependencies the POM gives it. */
  record PluginRef(String groupId, String artifactId, String version, List<org.apache.maven.model.Dependency> extra,
      boolean isPlugin) {
    PluginRef(String groupId, String artifactId, String version, List<org.apache.maven.model.Dependency> extra) {
      this(groupId, artifactId, version, extra, true);
    }

    String key() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  private final ResolverSession rs;
  private final FetchContext ctx;
  private final String name;

  ClosureResolver(ResolverSession rs, FetchContext ctx, String name) {
    this.rs = rs;
    this.ctx = ctx;
    this.name = name;
  }

  /** Resolves everything into the session's local repository; returns the number of artifacts. */
  int resolve(List<ProjectModels.Project> projects) {
    Set<String> reactor = projects.stream().map(ProjectModels.Project::key).collect(Collectors.toSet());
    Map<String, PluginRef> plugins = new LinkedHashMap<>();
    for (ProjectModels.Project p : projects) {
      plugins(p).forEach(ref -> plugins.putIfAbsent(ref.key() + ref.extra(), ref));
    }
    // The modules' dependencies and every plugin side by side; then the test providers, which
    // depend on what the dependencies put on the test classpath.
    List<Supplier<List<Artifact>>> work = new ArrayList<>();
    for (ProjectModels.Project p : projects) {
      work.add(() -> dependencies(p, reactor).stream().map(ArtifactResult::getArtifact).toList());
    }
    plugins.values().forEach(ref -> work.add(() -> plugin(ref)));
    List<List<Artifact>> done = Parallel.map(ctx.files(), work, Supplier::get);
    List<Artifact> testClasspath = new ArrayList<>();
    for (int i = 0; i < projects.size(); i++) {
      testClasspath.addAll(done.get(i));
    }
    int count = done.stream().mapToInt(List::size).sum();
    List<PluginRef> providers = new ArrayList<>();
    for (PluginRef ref : plugins.values()) {
      String ga = ref.groupId() + ":" + ref.artifactId();
      if (ga.equals(SUREFIRE) || ga.equals(FAILSAFE)) {
        providers.addAll(providers(ref.version(), testClasspath));
      }
    }
    for (List<Artifact> n : Parallel.map(ctx.files(), providers, this::plugin)) {
      count += n.size();
    }
    return count;
  }

  private List<ArtifactResult> dependencies(ProjectModels.Project p, Set<String> reactor) {
    Model m = p.effective();
    CollectRequest collect = new CollectRequest();
    collect.setRootArtifact(new DefaultArtifact(m.getGroupId(), m.getArtifactId(), "", "pom", m.getVersion()));
    collect.setRepositories(rs.repositories);
    for (org.apache.maven.model.Dependency d : m.getDependencies()) {
      if (!JavaScopes.SYSTEM.equals(d.getScope()) && !reactor.contains(d.getGroupId() + ":" + d.getArtifactId())) {
        collect.addDependency(toAether(d));
      }
    }
    if (m.getDependencyManagement() != null) {
      for (org.apache.maven.model.Dependency d : m.getDependencyManagement().getDependencies()) {
        if (!"import".equals(d.getScope())) {
          collect.addManagedDependency(toAether(d));
        }
      }
    }
    return resolve(collect, "the dependencies of " + p.key() + " (" + p.pom().getFileName() + ")", false);
  }

  private List<ArtifactResult> resolve(CollectRequest collect, String what, boolean runtimeOnly) {
    Set<String> skipped = runtimeOnly ? Set.of(JavaScopes.SYSTEM, JavaScopes.PROVIDED, JavaScopes.TEST)
        : Set.of(JavaScopes.SYSTEM);
    DependencyRequest req = new DependencyRequest(collect,
        (node, parents) -> node.getDependency() == null || !skipped.contains(node.getDependency().getScope()));
    try {
      return rs.system.resolveDependencies(rs.session, req).getArtifactResults();
    } catch (DependencyResolutionException e) {
      throw new FetchException(name + ": cannot resolve " + what + ": " + message(e));
    }
  }

  private static String message(Throwable e) {
    String msg = e.getMessage();
    Throwable c = e.getCause();
    while (c != null && c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    if (c instanceof FetchException fe && (msg == null || !msg.contains(fe.getMessage()))) {
      return msg + " (" + fe.getMessage() + ")";
    }
    return msg;
  }

  /** The build plugins in use, those the reactor's own POMs manage, and the lifecycle's defaults. */
  private List<PluginRef> plugins(ProjectModels.Project p) {
    Model m = p.effective();
    Map<String, PluginRef> out = new LinkedHashMap<>();
    Map<String, Plugin> managed = new LinkedHashMap<>();
    if (m.getBuild() != null) {
      if (m.getBuild().getPluginManagement() != null) {
        for (Plugin pl : m.getBuild().getPluginManagement().getPlugins()) {
          managed.put(pl.getKey(), pl);
        }
      }
      for (Plugin pl : m.getBuild().getPlugins()) {
        ref(pl).ifPresent(r -> out.put(pl.getKey(), r));
      }
    }
    for (String key : p.ownManagedPlugins()) {
      Optional.ofNullable(managed.get(key)).flatMap(this::ref).ifPresent(r -> out.putIfAbsent(key, r));
    }
    if ("jar".equals(m.getPackaging())) {
      LIFECYCLE.forEach((key, fallback) -> {
        if (!out.containsKey(key)) {
          Optional<PluginRef> pinned = Optional.ofNullable(managed.get(key)).flatMap(this::ref);
          if (pinned.isEmpty()) {
            ctx.listener().warn(name + ": " + p.key() + " does not pin " + key.substring(key.indexOf(':') + 1)
                + " (its version depends on the Maven that runs the build); vendoring " + fallback
                + ", Maven 3.9's default: pin it in <pluginManagement> to be sure");
          }
          String[] ga = key.split(":");
          out.put(key, pinned.orElse(new PluginRef(ga[0], ga[1], fallback, List.of())));
        }
      });
    }
    return new ArrayList<>(out.values());
  }

  private Optional<PluginRef> ref(Plugin pl) {
    if (pl.getVersion() == null || pl.getVersion().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new PluginRef(pl.getGroupId(), pl.getArtifactId(), pl.getVersion(), pl.getDependencies()));
  }

  /**
   * The provider surefire (or failsafe) resolves when the tests run, chosen by the test framework
   * on the test classpath: the JUnit Platform provider and launcher, JUnit 4's or TestNG's.
   */
  static List<PluginRef> providers(String surefireVersion, List<Artifact> testClasspath) {
    List<PluginRef> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Artifact a : testClasspath) {
      String ga = a.getGroupId() + ":" + a.getArtifactId();
      if (ga.equals("org.junit.platform:junit-platform-engine") && seen.add("platform")) {
        out.add(provider("surefire-junit-platform", surefireVersion));
        out.add(new PluginRef("org.junit.platform", "junit-platform-launcher", a.getBaseVersion(), List.of(), false));
      } else if (ga.equals("junit:junit") && seen.add("junit4")) {
        out.add(provider("surefire-junit4", surefireVersion));
        out.add(provider("surefire-junit47", surefireVersion));
      } else if (ga.equals("org.testng:testng") && seen.add("testng")) {
        out.add(provider("surefire-testng", surefireVersion));
      }
    }
    return out;
  }

  private static PluginRef provider(String artifactId, String version) {
    return new PluginRef("org.apache.maven.surefire", artifactId, version, List.of(), false);
  }

  /**
   * A plugin's closure as Maven resolves it: the plugin's own dependencies but those in scope
   * {@code test}, {@code provided} (the Maven core it runs in) and {@code system}, transitively,
   * with the extra dependencies the POM gives it.
   */
  private List<Artifact> plugin(PluginRef ref) {
    Artifact artifact = new DefaultArtifact(ref.groupId(), ref.artifactId(), "", "jar", ref.version());
    ArtifactDescriptorResult descriptor;
    try {
      descriptor = rs.system.readArtifactDescriptor(rs.session,
          new ArtifactDescriptorRequest(artifact, rs.repositories, null));
      rs.system.resolveArtifact(rs.session, new ArtifactRequest(artifact, rs.repositories, null));
    } catch (ArtifactDescriptorException | ArtifactResolutionException e) {
      throw new FetchException(name + ": cannot resolve plugin " + ref.key() + ": " + message(e));
    }
    CollectRequest collect = new CollectRequest();
    collect.setRootArtifact(descriptor.getArtifact());
    collect.setRepositories(rs.repositories);
    Set<String> overridden = new TreeSet<>();
    for (org.apache.maven.model.Dependency d : ref.extra()) {
      collect.addDependency(toAether(d));
      overridden.add(d.getGroupId() + ":" + d.getArtifactId());
    }
    for (Dependency d : descriptor.getDependencies()) {
      String scope = d.getScope();
      Artifact a = d.getArtifact();
      if (!PLUGIN_SKIPPED_SCOPES.contains(scope) && !overridden.contains(a.getGroupId() + ":" + a.getArtifactId())) {
        collect.addDependency(d);
      }
    }
    collect.setManagedDependencies(descriptor.getManagedDependencies());
    List<ArtifactResult> deps = resolve(collect, "plugin " + ref.key(), true);
    ctx.listener().debug(name + ": plugin " + ref.key() + ": " + deps.stream()
        .map(r -> r.getArtifact().toString()).collect(Collectors.joining(", ")));
    if (ref.isPlugin() && deps.stream().noneMatch(r -> r.getArtifact().getArtifactId().equals("plexus-utils"))) {
      // Maven before 3.9 adds plexus-utils 1.1 to a plugin that does not depend on it.
      Artifact pu = new DefaultArtifact("org.codehaus.plexus", "plexus-utils", "", "jar", "1.1");
      try {
        rs.system.resolveArtifact(rs.session, new ArtifactRequest(pu, rs.repositories, null));
        rs.system.resolveArtifact(rs.session, new ArtifactRequest(
            new DefaultArtifact("org.codehaus.plexus", "plexus-utils", "", "pom", "1.1"), rs.repositories, null));
      } catch (ArtifactResolutionException e) {
        ctx.listener().debug(name + ": plexus-utils 1.1 (for Maven before 3.9) not available: " + e.getMessage());
      }
    }
    List<Artifact> out = new ArrayList<>();
    out.add(artifact);
    deps.forEach(r -> out.add(r.getArtifact()));
    return out;
  }


  /**
   * Left out of a plugin's collection, as Maven leaves them out: {@code provided} is Maven's core,
   * which the running Maven provides. Dependencies the plugin's management makes {@code provided}
   * deeper down are collected (their POMs are read) but their files are not resolved.
   */
  private static final Set<String> PLUGIN_SKIPPED_SCOPES = Set.of(JavaScopes.TEST, JavaScopes.PROVIDED, JavaScopes.SYSTEM);

  private Dependency toAether(org.apache.maven.model.Dependency d) {
    ArtifactType type = rs.session.getArtifactTypeRegistry().get(d.getType());
    if (type == null) {
      type = new org.eclipse.aether.artifact.DefaultArtifactType(d.getType());
    }
    Artifact a = new DefaultArtifact(d.getGroupId(), d.getArtifactId(), d.getClassifier(), null, d.getVersion(), type);
    List<Exclusion> exclusions = d.getExclusions().stream()
        .map(e -> new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*")).toList();
    return new Dependency(a, d.getScope(), d.isOptional(), exclusions);
  }
}
