package dev.airlock.cli.options;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.ManifestReader;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -f/--manifest} and {@code --vendor-dir}. */
public final class ManifestOptions {
  @Option(names = {"-f", "--manifest"}, paramLabel = "FILE", description = "The manifest (default: ${DEFAULT-VALUE}).",
      defaultValue = "fetch.yaml")
  String manifest;

  @Option(names = "--vendor-dir", paramLabel = "DIR", description = "Override the manifest's vendor dir.")
  Path vendorDir;

  public Path manifestPath(Environment env) {
    return env.workingDir().resolve(manifest).normalize();
  }

  public String displayName() {
    return manifest;
  }

  public Optional<Path> vendorDir() {
    return Optional.ofNullable(vendorDir);
  }

  /** Reads and validates the manifest, applying {@code --vendor-dir}. */
  public Manifest load(Environment env) {
    Manifest m = ManifestReader.read(manifestPath(env), displayName(), env);
    if (vendorDir == null) {
      return m;
    }
    Path dir = env.workingDir().resolve(vendorDir).normalize();
    if (m.workDir().startsWith(dir) || dir.startsWith(m.workDir())) {
      // Staging lives in .airlock/, which must stay outside what the Dockerfile COPYs.
      throw new UsageException("--vendor-dir " + vendorDir + " must neither contain nor be inside " + m.workDir());
    }
    return new Manifest(m.file(), m.version(), dir, m.caCerts(), m.credentials(), m.sources(), m.docker(),
        m.clientCert(), m.remoteCache());
  }
}
