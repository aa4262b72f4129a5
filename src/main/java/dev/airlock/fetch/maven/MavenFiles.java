package dev.airlock.fetch.maven;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * The one download → verify → place path of every Maven file, a single pin's two files and a
 * closure's thousands alike: an {@link Entry} says where the file goes, where it comes from and
 * what it must hash to; the file comes from the resolver's folder (already fetched and checked),
 * the cache (by that hash) or the repository, then {@link MavenPlacer} puts it in staging. Every
 * digest (sha256, the {@code .sha1} written beside it, a published checksum's) is taken in the
 * one pass that writes the file: nothing reads it again to hash it.
 */
final class MavenFiles {
  private MavenFiles() {}

  /** The digest the {@code .sha1} beside every placed file holds. */
  static final String SHA1 = "SHA-1";

  /**
   * One file: {@code vendorPath} under {@code maven/}, its URL, the sha256 it must have when known
   * (the lock's, or the resolver's), and the resolver's copy when it already fetched it.
   */
  record Entry(String vendorPath, HttpUrl url, Optional<String> sha256, Optional<Local> local) {}

  /** A file the resolver already fetched (and checked): where it is and its sha1 (hex), taken as it arrived. */
  record Local(Path file, String sha1) {}

  /** What a download from the repository is checked against besides the expected sha256. */
  interface Check {
    /** The extra digests (JDK names) {@link #verify} needs, taken while the file arrives. */
    List<String> algorithms();

    /** Called for a file just downloaded (not for a cache hit); returns the checksum kind checked, if any. */
    Optional<String> verify(HttpUrl url, Downloads.Result downloaded);

    /** Nothing besides the expected sha256 (a closure's locked files). */
    Check NONE = new Check() {
      @Override
      public List<String> algorithms() {
        return List.of();
      }

      @Override
      public Optional<String> verify(HttpUrl url, Downloads.Result downloaded) {
        return Optional.empty();
      }
    };
  }

  /** A placed file: its digests (with its {@code .sha1}), size, and whether it came from the cache. */
  record Placed(Entry entry, SortedMap<String, String> files, long size, boolean fromCache, Optional<String> checked) {}

  /** {@code allowed} vets a download's URL and final URL (a closure's host list); may be a no-op. */
  static Placed obtain(FetchContext ctx, String what, Path staging, Entry e, RequestAuth auth,
      Consumer<HttpUrl> allowed, Check check) {
    Path tmp = ctx.tempDir().resolve("place-" + UUID.randomUUID());
    String sha256;
    String sha1;
    long size;
    boolean fromCache = false;
    Optional<String> checked = Optional.empty();
    if (e.local().isPresent()) {
      try {
        size = linkOrCopy(e.local().get().file(), tmp);
      } catch (IOException ex) {
        throw new FetchException(what + ": cannot copy the download: " + ex.getMessage());
      }
      sha256 = e.sha256().orElseThrow();
      sha1 = e.local().get().sha1();
    } else {
      allowed.accept(e.url());
      List<String> algorithms = new ArrayList<>(List.of(SHA1));
      check.algorithms().stream().filter(a -> !algorithms.contains(a) && !a.equals("SHA-256")).forEach(algorithms::add);
      Downloads.Result d = Downloads.file(ctx, what, e.url(), auth, e.sha256(), "fetch.lock", tmp, algorithms);
      d.finalUrl().ifPresent(allowed);
      fromCache = d.fromCache();
      if (!fromCache) {
        checked = check.verify(e.url(), d);
      }
      sha256 = d.sha256();
      sha1 = HexFormat.of().formatHex(d.digest(SHA1));
      size = d.size();
    }
    return new Placed(e, MavenPlacer.place(what, staging, e.vendorPath(), tmp, sha256, sha1), size, fromCache,
        checked);
  }

  /** The resolver's file, linked (no bytes read) where the file system allows, else copied by the kernel. */
  private static long linkOrCopy(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (IOException | UnsupportedOperationException ex) {
      Files.copy(from, to);
    }
    return Files.size(to);
  }
}
