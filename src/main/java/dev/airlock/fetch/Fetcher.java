package dev.airlock.fetch;

import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.SourceSpec;
import java.nio.file.Path;
import java.util.Optional;

/** One backend (http, git, pypi, maven, npm). Implementations write only under {@code staging}. */
public interface Fetcher<S extends SourceSpec> {
  Class<S> sourceType();

  /** The vendor-relative folder a source of this kind owns, e.g. {@code files/NAME}. */
  String root(S source);

  /**
   * {@code FOLDER}: a source of this kind owns {@link #root} and writes nothing in staging outside
   * it, so all such sources of a run share one staging folder (one folder created per source, not
   * three). {@code FILES}, the default: the source writes into folders that other sources share
   * (such as {@code pypi/}), so it gets a staging folder of its own.
   */
  default FetchedSource.Placement placement() {
    return FetchedSource.Placement.FILES;
  }

  /**
   * Resolves and downloads {@code source} into {@code staging} (a fresh folder mirroring the vendor
   * layout). When {@code locked} is present the manifest entry is unchanged: reproduce exactly what
   * it pins (same URLs, commits, hashes) and fail on any difference.
   */
  FetchedSource fetch(S source, Optional<LockEntry> locked, Path staging, FetchContext ctx);
}
