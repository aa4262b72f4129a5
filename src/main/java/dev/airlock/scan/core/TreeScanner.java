package dev.airlock.scan.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Scans a file or a folder tree, files in parallel. No path is skipped by default ({@code vendor/},
 * {@code .git}, {@code node_modules} included); symlinks are not followed, but their targets are
 * scanned as text; special files are listed as skipped; unreadable ones are findings.
 */
public final class TreeScanner {
  private final BlobScanner blobs;
  private final ExecutorService pool;

  public TreeScanner(BlobScanner blobs, ExecutorService pool) {
    this.blobs = blobs;
    this.pool = pool;
  }

  /** One folder (or file) to scan; {@code display} is how locations name it. */
  public record Root(Path path, String display) {}

  /**
   * @param display how locations name {@code root} (e.g. the path as the user typed it)
   * @param include which '/'-separated paths relative to {@code root} to scan (folders are always
   *     entered; the predicate decides per file)
   */
  public void scan(Path root, String display, Predicate<String> include) {
    scanAll(List.of(new Root(root, display)), include);
  }

  /**
   * Scans several roots: every root is walked before any file is waited for, so many small trees
   * (one per fetched source) keep the pool as busy as one large tree would.
   */
  public void scanAll(List<Root> roots, Predicate<String> include) {
    scanAll(roots, include, shown -> false);
  }

  /**
   * As {@link #scanAll(List, Predicate)}; {@code done} names files (by their shown location) that
   * were scanned already, while they were written: they are counted, not read again.
   */
  public void scanAll(List<Root> roots, Predicate<String> include, Predicate<String> done) {
    ScanContext ctx = blobs.context();
    List<Future<?>> jobs = new ArrayList<>();
    List<Coverage> notes = new ArrayList<>();
    List<Tally> tallies = new ArrayList<>();
    for (Root r : roots) {
      Tally tally = new Tally();
      tallies.add(walk(r.path(), r.display(), include, done, tally, jobs, notes) ? tally : null);
    }
    for (Future<?> f : jobs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      } catch (ExecutionException e) {
        throw new IllegalStateException("scan failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
      }
    }
    notes.forEach(ctx.sink()::coverage);
    for (int i = 0; i < roots.size(); i++) {
      Tally tally = tallies.get(i);
      if (tally != null) {
        ctx.sink().coverage(Coverage.scanned(roots.get(i).display(), tally.files.get(), tally.bytes.get(),
            tally.archives.get() + " compressed streams or archives opened"));
      }
    }
  }

  /** Submits the files under {@code root}; false when there is no such root. */
  private boolean walk(Path root, String display, Predicate<String> include, Predicate<String> done, Tally tally,
      List<Future<?>> jobs,
      List<Coverage> notes) {
    ScanContext ctx = blobs.context();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      ctx.sink().finding(new Finding(Rule.COVERAGE_UNREADABLE, Location.of(display), "", "does not exist"));
      ctx.sink().coverage(new Coverage(display, Coverage.Status.UNREADABLE, "does not exist", 0, 0));
      return false;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String rel = relative(root, file);
          if (!include.test(rel)) {
            return FileVisitResult.CONTINUE;
          }
          String shown = rel.isEmpty() ? display : display.equals(".") ? rel : display + "/" + rel;
          String name = rel.isEmpty() ? file.getFileName().toString() : rel;
          if (attrs.isRegularFile() && done.test(shown)) {
            tally.files.incrementAndGet();
            tally.bytes.addAndGet(attrs.size());
          } else if (attrs.isRegularFile()) {
            jobs.add(pool.submit(() -> one(file, name, shown, tally, notes)));
          } else if (attrs.isSymbolicLink()) {
            link(file, shown);
          } else {
            synchronized (notes) {
              notes.add(new Coverage(shown, Coverage.Status.SKIPPED, "not a regular file (device, FIFO or socket)", 0, 0));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          unreadable(relative(root, file).isEmpty() ? display : display + "/" + relative(root, file), e);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      unreadable(display, e);
    }
    return true;
  }

  private void one(Path file, String name, String shown, Tally tally, List<Coverage> notes) {
    try {
      String note = blobs.scanFile(file, name, Location.of(shown), tally);
      if (note != null) {
        synchronized (notes) {
          notes.add(new Coverage(shown, note.startsWith("partly") ? Coverage.Status.PARTIAL : Coverage.Status.SCANNED,
              note, 1, 0));
        }
      }
    } catch (IOException e) {
      unreadable(shown, e);
    } catch (RuntimeException e) {
      blobs.context().sink().finding(new Finding(Rule.COVERAGE_PARTIAL, Location.of(shown), "",
          "internal error while scanning (" + e.getClass().getSimpleName() + ")"));
    }
  }

  private void link(Path file, String shown) {
    try {
      String target = Files.readSymbolicLink(file).toString();
      new ContentScanner(blobs.context()).scan(target.getBytes(StandardCharsets.UTF_8), Location.of(shown)
          .withNote("symlink target"));
    } catch (IOException e) {
      unreadable(shown, e);
    }
  }

  private void unreadable(String shown, IOException e) {
    String why = e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
    blobs.context().sink().finding(new Finding(Rule.COVERAGE_UNREADABLE, Location.of(shown), "", why));
    blobs.context().sink().coverage(new Coverage(shown, Coverage.Status.UNREADABLE, why, 0, 0));
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}
