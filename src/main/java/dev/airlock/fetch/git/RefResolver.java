package dev.airlock.fetch.git;

import dev.airlock.error.FetchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * Finds a manifest {@code ref} among the refs a server advertises, in git's order: {@code HEAD} or a
 * full {@code refs/…} name exactly, else {@code refs/tags/NAME} before {@code refs/heads/NAME}.
 * Annotated tags resolve to the object they point at when the server says (peeled).
 */
final class RefResolver {
  /** The advertised ref that matched, and the id it names (peeled when known). */
  record Resolved(String refName, ObjectId id) {}

  private RefResolver() {}

  /** The full ref names to ask the server about for {@code ref} (protocol v2 filters by them). */
  static List<String> candidates(String ref) {
    if (ref.equals(Constants.HEAD) || ref.startsWith(Constants.R_REFS)) {
      return List.of(ref);
    }
    return List.of(Constants.R_TAGS + ref, Constants.R_HEADS + ref);
  }

  static Resolved resolve(String source, String ref, String url, Map<String, Ref> advertised) {
    for (String name : candidates(ref)) {
      Ref r = advertised.get(name);
      if (r != null && r.getObjectId() != null) {
        ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
        return new Resolved(name, id);
      }
    }
    throw new FetchException(source + ": ref '" + ref + "' not found at " + url + hint(advertised));
  }

  /** The current id of the first candidate name the server advertises, if any (for messages). */
  static Optional<Resolved> find(String ref, Map<String, Ref> advertised) {
    for (String name : candidates(ref)) {
      Ref r = advertised.get(name);
      if (r != null && r.getObjectId() != null) {
        return Optional.of(new Resolved(name,
            r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId()));
      }
    }
    return Optional.empty();
  }

  private static String hint(Map<String, Ref> advertised) {
    List<String> names = new ArrayList<>(advertised.keySet().stream()
        .filter(n -> n.startsWith(Constants.R_HEADS) || n.startsWith(Constants.R_TAGS))
        .filter(org.eclipse.jgit.lib.Repository::isValidRefName)
        .map(org.eclipse.jgit.lib.Repository::shortenRefName).sorted().limit(10).collect(Collectors.toList()));
    return names.isEmpty() ? "" : " (it has: " + String.join(", ", names)
        + (advertised.size() > names.size() ? ", …" : "") + ")";
  }
}
