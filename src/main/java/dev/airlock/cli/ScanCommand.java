package dev.airlock.cli;

import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.common.Environment;
import dev.airlock.error.CheckFailedException;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import dev.airlock.cache.ContentCache;
import dev.airlock.scan.AcceptList;
import dev.airlock.scan.KnownSecretsLoader;
import dev.airlock.scan.ScanRequest;
import dev.airlock.scan.ScanService;
import dev.airlock.scan.core.Fingerprinter;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.report.JsonReport;
import dev.airlock.scan.report.SarifReport;
import dev.airlock.scan.report.TextReport;
import dev.airlock.placement.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code airlock scan}: find leaked credentials in folders, files, a Dockerfile, a build context or an image. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {"Find leaked credentials in folders and files, a Dockerfile, a build context or an image.",
        "Searches for every credential the manifest names (in any encoding, inside archives), credential files,",
        "token formats and private keys. With no input, scans the manifest's vendor dir."},
    footer = {"", "Exit codes: 0 clean, 1 findings (or content not fully scanned), 2 usage."})
public final class ScanCommand implements Callable<Integer> {
  enum Format { text, json, sarif }

  @ParentCommand AirlockCommand root;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or folders to scan (nothing is skipped).")
  List<Path> paths = new ArrayList<>();

  @Option(names = {"-f", "--manifest"}, paramLabel = "FILE",
      description = "Manifest whose credentials to look for (default: ./fetch.yaml when present).")
  Path manifest;

  @Option(names = "--netrc", paramLabel = "FILE", description = "netrc file whose passwords to look for (default: $NETRC, else ~/.netrc).")
  Path netrc;

  @Option(names = "--image", paramLabel = "REF", description = "A local image, exported with `docker save`.")
  String image;

  @Option(names = "--image-archive", paramLabel = "FILE", description = "A docker-archive or OCI tarball, or an OCI layout folder.")
  Path imageArchive;

  @Option(names = "--dockerfile", paramLabel = "FILE", description = "A Dockerfile to check (repeatable; with "
      + "--context, the first one's FILE.dockerignore applies).")
  List<Path> dockerfiles = new ArrayList<>();

  @Option(names = "--context", paramLabel = "DIR", description = "A build context: what its .dockerignore lets through.")
  Path context;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path out;

  @Option(names = "--accept-file", paramLabel = "FILE", description = "Reviewed findings to accept (default: "
      + ".airlockignore beside the manifest, else in the current folder). Never accepts a credential the manifest names.")
  Path acceptFile;

  @Option(names = "--allow-short", description = "Do not fail on credentials shorter than 8 characters (they are not searched for).")
  boolean allowShort;

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Environment env = ctx.env();
    Path cwd = env.workingDir();
    Optional<Manifest> m = manifest(env);
    KnownSecrets secrets = m.map(mf -> KnownSecretsLoader.load(mf, env, ctx.secrets(),
        Optional.ofNullable(netrc).map(p -> cwd.resolve(p).normalize()), console::warn)).orElseGet(KnownSecrets::none);
    if (m.isEmpty()) {
      console.info("no fetch.yaml here: scanning without known credentials (use -f to name one)");
    }
    secrets.unavailable().forEach(u -> console.warn("not searched for: " + u));
    List<ScanRequest.Input> inputs = new ArrayList<>();
    paths.forEach(p -> inputs.add(input(cwd, p)));
    ScanRequest request = new ScanRequest(inputs, Optional.ofNullable(imageArchive).map(p -> input(cwd, p)),
        Optional.ofNullable(image), dockerfiles.stream().map(p -> input(cwd, p)).toList(),
        Optional.ofNullable(context).map(p -> input(cwd, p)), allowShort);
    if (request.isEmpty()) {
      Manifest mf = m.orElseThrow(() -> new UsageException("nothing to scan: give a PATH, --image, --image-archive, "
          + "--dockerfile or --context (or run where fetch.yaml is, to scan its vendor dir)"));
      request = new ScanRequest(List.of(new ScanRequest.Input(mf.vendorDir(), FetchCommand.display(cwd, mf.vendorDir()))),
          Optional.empty(), Optional.empty(), List.of(), Optional.empty(), allowShort);
    }
    List<ScanRequest.Input> all = new ArrayList<>(request.paths());
    request.imageArchive().ifPresent(all::add);
    all.addAll(request.dockerfiles());
    request.context().ifPresent(all::add);
    for (ScanRequest.Input in : all) {
      if (!Files.exists(in.path(), LinkOption.NOFOLLOW_LINKS)) {
        throw new UsageException("no such file or folder: " + in.display());
      }
    }
    for (ScanRequest.Input d : request.dockerfiles()) {
      if (!Files.isRegularFile(d.path())) {
        throw new UsageException("--dockerfile: not a file: " + d.display());
      }
    }
    if (request.context().isPresent() && !Files.isDirectory(request.context().get().path())) {
      throw new UsageException("--context: not a folder: " + request.context().get().display());
    }
    ScanResult result = ScanService.run(request, secrets,
        Fingerprinter.load(ContentCache.defaultDir(env).resolve("scan-fingerprint.key")), console::info);
    Path acceptPath = acceptFile != null ? cwd.resolve(acceptFile).normalize()
        : m.map(mf -> mf.lockFile().resolveSibling(AcceptList.FILE_NAME)).orElse(cwd.resolve(AcceptList.FILE_NAME));
    if (acceptFile != null && !Files.isRegularFile(acceptPath)) {
      throw new UsageException("--accept-file: no such file: " + acceptFile);
    }
    AcceptList accept = AcceptList.load(acceptPath, acceptFile != null ? acceptFile.toString()
        : FetchCommand.display(cwd, acceptPath));
    accept.apply(result, console::warn);
    String report = switch (format) {
      case text -> TextReport.render(result, output.verbosity() == Console.Verbosity.QUIET);
      case json -> JsonReport.render(result);
      case sarif -> SarifReport.render(result, AirlockCommand.VersionProvider.version());
    };
    if (out != null) {
      AtomicFiles.writeString(cwd.resolve(out).normalize(), ctx.secrets().scrub(report));
      console.info("wrote " + out);
    } else {
      if (!report.isEmpty()) {
        console.result(report.endsWith("\n") ? report.substring(0, report.length() - 1) : report);
      }
    }
    if (!result.clean()) {
      int n = (int) result.findings().stream().filter(f -> f.rule().fails()).count();
      throw new CheckFailedException(n + " finding" + (n == 1 ? "" : "s"));
    }
    return 0;
  }

  private Optional<Manifest> manifest(Environment env) {
    Path file = env.workingDir().resolve(manifest != null ? manifest : Path.of("fetch.yaml")).normalize();
    if (manifest == null && !Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(ManifestReader.read(file, manifest != null ? manifest.toString() : "fetch.yaml", env));
  }

  private static ScanRequest.Input input(Path cwd, Path p) {
    return new ScanRequest.Input(cwd.resolve(p).normalize(), p.toString());
  }
}
