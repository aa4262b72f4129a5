package dev.airlock.fetch.git;

import dev.airlock.placement.PathCollisions;
import java.util.Optional;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * JGit's fsck of every received object, with one message made useful: where JGit refuses a tree
 * for "duplicate entry names" (two names that are one file on macOS or Windows), the refusal names
 * both entries and why, as the export's own collision check does for paths across trees.
 */
final class NamingObjectChecker extends ObjectChecker {

  @Override
  public void checkTree(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    try {
      super.checkTree(id, raw);
    } catch (CorruptObjectException e) {
      if (e.getErrorType() != ErrorType.DUPLICATE_ENTRIES) {
        throw e;
      }
      Optional<String> named = collision(raw);
      if (named.isEmpty()) {
        throw e; // the same name twice: JGit's words say it
      }
      CorruptObjectException refused = new CorruptObjectException(
          (id == null ? "a tree" : "tree " + id.name()) + ": " + named.get());
      refused.initCause(e);
      throw refused;
    }
  }

  /** The first pair of names in one (well-formed: JGit has parsed it) tree that fold to one. */
  static Optional<String> collision(byte[] raw) {
    PathCollisions names = new PathCollisions();
    CanonicalTreeParser entries = new CanonicalTreeParser();
    entries.reset(raw);
    for (; !entries.eof(); entries.next()) {
      String name = entries.getEntryPathString();
      Optional<String> other = names.add(name);
      if (other.isPresent()) {
        return Optional.of(PathCollisions.describe(other.get(), name));
      }
    }
    return Optional.empty();
  }
}
