package dev.airlock.dockerfile;

import dev.airlock.docker.IgnorePatterns;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import dev.airlock.lock.Lock;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.placement.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code airlock dockerfile} would write, worked out before anything is written: the
 * Dockerfile, the {@code .dockerignore} file(s) with the managed block, the template's lint
 * findings and warnings. Reads the manifest's folder (template, current ignore files, the build
 * context for the lint); never the network.
 *
 * @param files target → content, the Dockerfile first
 */
public record DockerfilePlan(Path baseDir, Path dockerfile, Map<Path, String> files, List<LintFinding> findings,
    Optional<String> templateName, List<String> warnings) {

  public DockerfilePlan {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    findings = List.copyOf(findings);
    warnings = List.copyOf(warnings);
  }

  /** Works out the plan for {@code manifest}, whose sources the lock must match. */
  public static DockerfilePlan of(Manifest manifest, Lock lock, List<SourceRef> sources) {
    DockerSpec docker = manifest.docker();
    if (docker.base().isEmpty() && docker.template().isEmpty()) {
      throw new UsageException(name(manifest) + ": `airlock dockerfile` needs docker.base (an image to build on) "
          + "or docker.template (your Dockerfile with a '# airlock:vendor' line)");
    }
    if (docker.base().isPresent() && docker.template().isPresent()) {
      throw new UsageException(name(manifest) + ": docker.base and docker.template exclude each other; keep one");
    }
    Path base = manifest.baseDir();
    String vendorRel = vendorRel(base, manifest.vendorDir());
    List<VendoredSource> vendored = VendoredSources.resolve(sources, lock);
    VendorBlock block = new VendorBlock(docker.prefix(), vendorRel, vendored);
    Path out = base.resolve(docker.output()).normalize();

    Map<Path, String> files = new LinkedHashMap<>();
    files.put(out, ""); // placeholder keeps the Dockerfile first
    List<String> vendorFiles = vendored.stream().flatMap(s -> s.files().stream()).map(f -> vendorRel + "/" + f).toList();
    List<String> blockLines = IgnoreBlock.lines(vendorFiles);
    List<Path> ignoreFiles = new ArrayList<>(List.of(base.resolve(".dockerignore")));
    Path perDockerfile = out.resolveSibling(out.getFileName() + ".dockerignore"); // BuildKit prefers it
    if (Files.isRegularFile(perDockerfile)) {
      ignoreFiles.add(perDockerfile);
    }
    for (Path p : files.keySet()) {
      refuseLinks(base, p);
    }
    for (Path p : ignoreFiles) {
      refuseLinks(base, p);
    }
    for (Path p : ignoreFiles) {
      files.put(p, IgnoreBlock.merge(read(p, base).orElse(null), blockLines, display(base, p)));
    }

    List<LintFinding> findings = List.of();
    List<String> warnings = new ArrayList<>();
    Optional<String> templateName = Optional.empty();
    DockerfileGenerator.Result result;
    if (docker.base().isPresent()) {
      result = DockerfileGenerator.standalone(DockerfileGenerator.header(name(manifest), null), docker.base().get(),
          vendored, block);
    } else {
      Path tp = base.resolve(docker.template().get()).normalize();
      if (tp.equals(out)) {
        throw new UsageException(name(manifest) + ": docker.template and docker.output are the same file");
      }
      String tname = display(base, tp);
      templateName = Optional.of(tname);
      Template t = Template.parse(tname, read(tp, base).orElseThrow(() -> new UsageException(
          tname + ": docker.template not found (it is relative to the manifest's folder)")));
      Path effectiveIgnore = ignoreFiles.get(ignoreFiles.size() - 1);
      findings = lint(t, base, vendorRel, files.get(effectiveIgnore), display(base, effectiveIgnore), warnings);
      result = DockerfileGenerator.fromTemplate(DockerfileGenerator.header(name(manifest), tname), t, vendored, block);
    }
    warnings.addAll(result.warnings());
    files.put(out, result.content());
    return new DockerfilePlan(base, out, files, findings, templateName, warnings);
  }

  /**
   * Every file written here is replaced by a rename, never written through a link; but a link a
   * checkout planted (a {@code .dockerignore} leading to {@code ~/.bashrc}) would be read into the
   * project or replaced, so it is refused, as is any symlinked folder on the way.
   */
  private static void refuseLinks(Path base, Path p) {
    ProjectPaths.firstLink(base, p).ifPresent(link -> {
      throw new UsageException(display(base, p) + ": refusing to write it: " + display(base, link)
          + " is a symlink; airlock writes only real files of the project (remove the link and run again)");
    });
  }

  /** Lints the template against the build context as the ignore file about to be written leaves it. */
  private static List<LintFinding> lint(Template t, Path base, String vendorRel, String ignoreText, String ignoreName,
      List<String> warnings) {
    IgnorePatterns ignore;
    try {
      ignore = IgnorePatterns.parse(TextLines.split(ignoreText).texts());
    } catch (IllegalArgumentException e) {
      throw new UsageException(ignoreName + ": " + e.getMessage());
    }
    boolean copies = t.instructions().stream().anyMatch(i -> i.keyword().equals("COPY") || i.keyword().equals("ADD"));
    Optional<BuildContext> ctx = copies ? Optional.of(BuildContext.walk(base, ignore, vendorRel)) : Optional.empty();
    ctx.filter(BuildContext::truncated).ifPresent(c -> warnings.add("the build context has more than "
        + BuildContext.MAX_FILES + " files; only the first were checked for credential files"));
    return TemplateLint.lint(t, ctx, vendorRel);
  }

  /** A path as the user sees it: relative to the manifest's folder. */
  public String display(Path p) {
    return display(baseDir, p);
  }

  static String display(Path base, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String name(Manifest m) {
    return m.file().getFileName().toString();
  }

  private static String vendorRel(Path base, Path vendor) {
    Path v = vendor.toAbsolutePath().normalize();
    if (!v.startsWith(base) || v.equals(base)) {
      throw new UsageException("the vendor dir must be a folder inside the build context (the manifest's folder "
          + base + "), because the Dockerfile COPYs from it");
    }
    return base.relativize(v).toString().replace(java.io.File.separatorChar, '/');
  }

  /** The file as UTF-8 text (refusing other encodings, which would not survive a rewrite), or empty. */
  static Optional<String> read(Path p, Path base) {
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    return Optional.of(BoundedFile.readUtf8(p, BoundedFile.TEXT_BYTES, display(base, p),
        "not UTF-8 text; airlock keeps it byte for byte only when it is"));
  }
}
