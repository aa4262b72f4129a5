package dev.airlock.scan;

import dev.airlock.scan.core.BlobScanner;
import dev.airlock.scan.core.Coverage;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Fingerprinter;
import dev.airlock.scan.core.KnownSecret;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.core.ScanLimits;
import dev.airlock.scan.core.ScanResult;
import dev.airlock.scan.core.TreeScanner;
import dev.airlock.scan.docker.DockerIgnore;
import dev.airlock.scan.docker.DockerfileScanner;
import dev.airlock.scan.image.DockerSave;
import dev.airlock.scan.image.ImageScanner;
import dev.airlock.placement.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * {@code airlock scan}: runs every tier over every input and collects findings and coverage. The
 * known secrets come from the caller (the manifest); secrets too short to search for are findings
 * unless allowed.
 */
public final class ScanService {
  private ScanService() {}

  public static ScanResult run(ScanRequest request, KnownSecrets secrets, Consumer<String> progress) {
    return run(request, secrets, new Fingerprinter(), progress);
  }

  /** {@code fingerprints} names found values in the report (a key kept across runs gives stable names). */
  public static ScanResult run(ScanRequest request, KnownSecrets secrets, Fingerprinter fingerprints,
      Consumer<String> progress) {
    ScanResult result = new ScanResult();
    secretCoverage(request, secrets, result);
    ExecutorService pool = ScanPool.create();
    Path temp = null;
    try {
      temp = Files.createTempDirectory("airlock-scan-");
      ScanContext ctx = ScanContext.create(secrets, true, true, result, ScanLimits.DEFAULT, temp, fingerprints);
      BlobScanner blobs = new BlobScanner(ctx);
      TreeScanner trees = new TreeScanner(blobs, pool);
      for (ScanRequest.Input in : request.paths()) {
        progress.accept("scanning " + in.display());
        trees.scan(in.path(), in.display(), p -> true);
      }
      if (request.imageRef().isPresent()) {
        progress.accept("docker save " + request.imageRef().get());
        DockerSave.Saved saved = DockerSave.save(request.imageRef().get(), temp,
            Optional.ofNullable(System.getenv("PATH")));
        if (!saved.engine().equals("docker")) {
          progress.accept("the image came from " + saved.engine() + " save");
        }
        image(blobs, saved.archive(), "image " + request.imageRef().get(), result);
        AtomicFiles.deleteQuietly(saved.archive());
      }
      if (request.imageArchive().isPresent()) {
        ScanRequest.Input in = request.imageArchive().get();
        progress.accept("scanning image " + in.display());
        image(blobs, in.path(), in.display(), result);
      }
      for (ScanRequest.Input in : request.dockerfiles()) {
        progress.accept("scanning " + in.display());
        new DockerfileScanner(ctx).scan(in.path(), in.display());
      }
      if (request.context().isPresent()) {
        ScanRequest.Input in = request.context().get();
        progress.accept("scanning build context " + in.display());
        DockerIgnore ignore = DockerIgnore.load(in.path(),
            request.dockerfiles().stream().findFirst().map(ScanRequest.Input::path));
        trees.scan(in.path(), in.display(), ignore::sent);
        result.coverage(new Coverage(in.display(), Coverage.Status.SCANNED, ignore.describe(), 0, 0));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdownNow();
      AtomicFiles.deleteQuietly(temp);
    }
  }

  private static void image(BlobScanner blobs, Path input, String display, ScanResult result) {
    try {
      new ImageScanner(blobs).scan(input, display);
    } catch (IOException e) {
      String why = "not a readable image archive (" + e.getClass().getSimpleName() + ")";
      result.finding(new Finding(Rule.COVERAGE_UNREADABLE, Location.of(display), "", why));
      result.coverage(new Coverage(display, Coverage.Status.UNREADABLE, why, 0, 0));
    }
  }

  private static void secretCoverage(ScanRequest request, KnownSecrets secrets, ScanResult result) {
    for (KnownSecret s : secrets.all()) {
      if (s.tooShort()) {
        String why = s.kind().label() + " shorter than " + KnownSecret.MIN_LENGTH
            + " characters: its absence cannot be proven";
        if (request.allowShort()) {
          result.coverage(new Coverage("credential " + s.id(), Coverage.Status.SKIPPED, why + " (--allow-short)", 0, 0));
        } else {
          result.finding(new Finding(Rule.KNOWN_SECRET_TOO_SHORT, Location.of("credential " + s.id()), s.id(), why));
        }
      } else {
        result.coverage(new Coverage("credential " + s.id(), Coverage.Status.SCANNED, "searched for as a " + s.kind().label(), 0, 0));
      }
    }
    for (String u : secrets.unavailable()) {
      result.coverage(new Coverage("credential", Coverage.Status.SKIPPED, "value not available here: " + u, 0, 0));
    }
  }
}
