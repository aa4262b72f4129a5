package dev.airlock.manifest;

import dev.airlock.error.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The manifest's {@code cache:} block: a shared remote cache speaking Bazel's HTTP cache protocol
 * ({@code GET/HEAD/PUT {remote}/cas/{sha256}}), its own named credential (never a registry's; absent:
 * none is sent) and whether this runner uploads what the cache lacks.
 */
public record RemoteCacheSpec(HttpUrl remote, Optional<String> credentials, boolean write) {

  /** The rules for the cache's base URL: those of a source URL, and no query or fragment. Empty: fine. */
  public static List<String> problems(String raw) {
    UrlPolicy.Result r = UrlPolicy.check(raw);
    List<String> problems = new ArrayList<>(r.problems());
    if (r.ok() && r.url().get().query() != null) {
      problems.add("must be the cache's base URL, without ?query (airlock adds /cas/<sha256>)");
    }
    return problems;
  }

  /** A URL given by {@code --remote-cache} or {@code AIRLOCK_REMOTE_CACHE} (never echoed: it may be mistyped). */
  public static HttpUrl checkedUrl(String raw, String where) {
    List<String> problems = problems(raw);
    if (!problems.isEmpty()) {
      throw new UsageException(where + ": " + String.join("; ", problems));
    }
    return HttpUrl.get(raw);
  }
}
