package dev.airlock.fetch.git;

import dev.airlock.common.Origin;
import dev.airlock.credentials.SshIdentity;
import dev.airlock.error.AirlockException;
import dev.airlock.error.FetchException;
import dev.airlock.error.UsageException;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchedSource;
import dev.airlock.fetch.Fetcher;
import dev.airlock.lock.LockEntry;
import dev.airlock.manifest.GitSource;
import dev.airlock.manifest.GitUrl;
import dev.airlock.net.ProxyConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.util.SystemReader;

/**
 * {@code git:} sources: the tree of one commit, exported without {@code .git} into
 * {@code git/NAME/}. The ref is resolved on the server (or the lock's commit is taken as is), that
 * commit is fetched shallowly into the per-URL cache repository, checked to be exactly the commit
 * wanted, and its tree exported. The lock records the URL, the ref, the commit and a digest of the
 * exported tree; with a lock entry the same commit is fetched even if the branch has moved, and the
 * result must match the lock file for file.
 */
public final class GitFetcher implements Fetcher<GitSource> {
  private static final int SUBMODULES_NAMED = 5;
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  private final Path home;
  private final ProxyConfig proxies;

  /**
   * {@code home} is $HOME: where {@code ~/.ssh} would be (only its known_hosts is ever read);
   * {@code proxies} are the run's, for git over HTTPS (SSH connects directly).
   */
  public GitFetcher(Path home, ProxyConfig proxies) {
    this.home = home;
    this.proxies = proxies;
    HermeticGit.install();
  }

  @Override
  public Class<GitSource> sourceType() {
    return GitSource.class;
  }

  @Override
  public FetchedSource.Placement placement() {
    return FetchedSource.Placement.FOLDER;
  }

  @Override
  public String root(GitSource source) {
    return "git/" + source.name();
  }

  @Override
  public FetchedSource fetch(GitSource source, Optional<LockEntry> locked, Path staging, FetchContext ctx) {
    String name = source.name();
    Optional<ObjectId> pin = locked.map(l -> lockedCommit(name, l));
    Optional<CacheRepo> opened = CacheRepo.open(ctx.cache().root(), source.url(), ctx.offline());
    if (opened.isEmpty()) {
      throw offline(source);
    }
    try (CacheRepo cache = opened.get()) {
      Repository repo = cache.repository();
      ObjectId commit;
      if (pin.isPresent() && hasCommit(repo, pin.get())) {
        ctx.listener().debug(name + ": commit " + pin.get().name() + " from the git cache");
        commit = pin.get();
      } else if (ctx.offline()) {
        throw offline(source);
      } else {
        commit = fetchFromServer(source, pin, repo, ctx);
      }
      cache.keep(commit);
      return export(source, locked, commit, repo, staging, ctx);
    } catch (IOException e) {
      throw new FetchException(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private ObjectId fetchFromServer(GitSource source, Optional<ObjectId> pin, Repository repo, FetchContext ctx)
      throws IOException {
    String name = source.name();
    GitUrl url = source.url();
    Optional<SshSessions> ssh = Optional.empty();
    Optional<HttpConnectionFactory> http = Optional.empty();
    if (url.isSsh()) {
      SshIdentity identity = ctx.credentials().sshIdentity(source.credentials());
      if (identity.agent() && identity.agentSocket().isEmpty() && identity.key().isEmpty()) {
        throw new UsageException(name + ": credential '" + identity.id() + "' has agent: true but SSH_AUTH_SOCK "
            + "is not set (no ssh-agent to ask)");
      }
      ssh = Optional.of(new SshSessions(home, identity, SshKeys.load(name, identity), GitRemote.TIMEOUT_SECONDS));
    } else {
      HttpUrl base = HttpUrl.get(url.toString());
      http = Optional.of(new GitHttpConnections(ctx.credentials().forSource(source.credentials(), base),
          Origin.of(base), ctx.http().client().sslSocketFactory(), proxies, ctx.listener()::debug));
    }
    List<String> names = RefResolver.candidates(source.refIsCommit() ? "HEAD" : source.ref());
    try (GitRemote remote = GitRemote.open(repo, name, url, ssh, http, checker(source.allowCaseCollisions()),
        ctx.listener()::debug)) {
      Map<String, Ref> refs;
      ObjectId want;
      try (GitRemote.Session s = remote.connect(names, true)) {
        refs = s.refs();
        want = want(source, pin, refs, ctx);
        try {
          s.fetch(want);
          return verified(name, repo, want, pin);
        } catch (TransportException e) {
          ctx.listener().debug(name + ": shallow fetch failed (" + e.getMessage() + "); fetching in full");
        }
      }
      try (GitRemote.Session s = remote.connect(names, false)) {
        s.refs();
        s.fetch(want);
        return verified(name, repo, want, pin);
      } catch (TransportException e) {
        Optional<Ref> tip = source.refIsCommit() ? Optional.empty()
            : RefResolver.find(source.ref(), refs).map(r -> refs.get(r.refName()));
        if (tip.isEmpty() || tip.get().getObjectId().equals(want)) {
          throw e;
        }
        ctx.listener().debug(name + ": the server does not serve " + want.name() + " by id (" + e.getMessage()
            + "); fetching all of " + tip.get().getName());
        try (GitRemote.Session s = remote.connect(names, false)) {
          s.refs();
          s.fetch(tip.get().getObjectId());
        }
        return verified(name, repo, want, pin);
      }
    } catch (TransportException e) {
      throw transportFailure(source, ssh, e);
    }
  }

  /** The object to fetch: the locked commit, the manifest's commit id, or what the ref names now. */
  private static ObjectId want(GitSource source, Optional<ObjectId> pin, Map<String, Ref> refs, FetchContext ctx) {
    String name = source.name();
    if (pin.isPresent()) {
      RefResolver.find(source.ref(), refs).filter(r -> !source.refIsCommit() && !r.id().equals(pin.get()))
          .ifPresent(r -> ctx.listener().debug(name + ": " + source.ref() + " is now at " + r.id().name()
              + "; fetching the locked " + pin.get().name() + " (`airlock update " + name + "` moves the lock)"));
      return pin.get();
    }
    if (source.refIsCommit()) {
      return ObjectId.fromString(source.ref());
    }
    RefResolver.Resolved r = RefResolver.resolve(name, source.ref(), source.url().toString(), refs);
    ctx.listener().debug(name + ": " + source.ref() + " is " + r.refName() + " at " + r.id().name());
    return r.id();
  }

  /** The commit {@code want} names, which must now be in the repository, and equal the pin if any. */
  private static ObjectId verified(String name, Repository repo, ObjectId want, Optional<ObjectId> pin)
      throws IOException {
    ObjectId commit = peelToCommit(name, repo, want);
    if (pin.isPresent() && !commit.equals(pin.get())) {
      throw new FetchException(name + ": the server returned " + commit.name() + " for the locked commit "
          + pin.get().name());
    }
    return commit;
  }

  private FetchedSource export(GitSource source, Optional<LockEntry> locked, ObjectId commit, Repository repo,
      Path staging, FetchContext ctx) throws IOException {
    String name = source.name();
    String root = root(source);
    Path dest = staging.resolve(root);
    TreeExporter.Result r;
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      RevCommit c = walk.parseCommit(commit);
      r = new TreeExporter(reader, ctx.extractLimits(), name, ctx.arrivals()::written).export(c.getTree(), source.paths(), dest);
    } catch (MissingObjectException e) {
      throw new FetchException(name + ": commit " + commit.name() + " is incomplete in the git cache "
          + "(missing " + e.getObjectId().name() + "); remove " + repo.getDirectory() + " and fetch again");
    }
    warnSubmodules(name, r.submodules(), ctx);
    SortedMap<String, String> files = new TreeMap<>();
    r.digests().forEach((path, digest) -> files.put(root + "/" + path, digest));
    SortedMap<String, String> resolved = new TreeMap<>();
    resolved.put("url", source.url().toString());
    resolved.put("ref", source.ref());
    resolved.put("commit", commit.name());
    resolved.put("tree", TreeDigest.of(root, files, r.modes()));
    if (locked.isPresent() && !(locked.get().files().equals(files)
        && resolved.get("tree").equals(locked.get().resolved().get("tree")))) {
      throw new FetchException(name + ": the tree of commit " + commit.name() + " does not match fetch.lock "
          + "(files or modes differ); nothing was changed");
    }
    return FetchedSource.of(name, source.kind(), root, staging, resolved, files, r.bytes());
  }

  private static ObjectId lockedCommit(String name, LockEntry entry) {
    String c = entry.resolved().get("commit");
    if (c == null || !COMMIT.matcher(c).matches()) {
      throw new FetchException(name + ": fetch.lock has no valid commit for this source; run `airlock update "
          + name + "`");
    }
    return ObjectId.fromString(c);
  }

  private static boolean hasCommit(Repository repo, ObjectId id) {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(id);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ObjectId peelToCommit(String name, Repository repo, ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevObject o = walk.peel(walk.parseAny(id));
      if (!(o instanceof RevCommit)) {
        throw new FetchException(name + ": " + id.name() + " is not a commit");
      }
      return o.copy();
    } catch (MissingObjectException e) {
      throw new FetchException(name + ": the server did not send commit " + id.name()
          + " (it may have been removed: force-pushed or deleted)");
    }
  }

  /** One warning per source, however many submodules its tree holds (the first few named, with their commits). */
  private static void warnSubmodules(String name, SortedMap<String, ObjectId> submodules, FetchContext ctx) {
    if (submodules.isEmpty()) {
      return;
    }
    String listed = submodules.entrySet().stream().limit(SUBMODULES_NAMED)
        .map(e -> TreeExporter.display(e.getKey()) + " (commit " + e.getValue().name() + ")")
        .collect(Collectors.joining(", "));
    int more = submodules.size() - SUBMODULES_NAMED;
    ctx.listener().warn(name + ": " + (submodules.size() == 1 ? "submodule " : submodules.size() + " submodules ")
        + listed + (more > 0 ? " and " + more + " more" : "") + (submodules.size() == 1 ? " is" : " are")
        + " not fetched: airlock does not follow submodules; add each as its own git source");
  }

  /**
   * fsck of every received object; Windows rules on Windows. macOS rules (names that fold to one,
   * .git with characters HFS+ ignores) unless the source allows case collisions: exact duplicates
   * are refused either way, and the export checks every name against .git in any spelling.
   */
  static ObjectChecker checker(boolean caseCollisionsAllowed) {
    return new NamingObjectChecker().setSafeForMacOS(!caseCollisionsAllowed)
        .setSafeForWindows(SystemReader.getInstance().isWindows());
  }

  private static FetchException offline(GitSource source) {
    return new FetchException(source.name() + ": " + source.url() + " is not in the git cache and --offline was given");
  }

  private static AirlockException transportFailure(GitSource source, Optional<SshSessions> ssh, TransportException e) {
    Optional<String> hostKey = ssh.flatMap(SshSessions::hostKeyRejection);
    if (hostKey.isPresent()) {
      return new FetchException(source.name() + ": " + hostKey.get());
    }
    return new FetchException(source.name() + ": " + GitErrors.describe(source, ssh.map(SshSessions::identity), e));
  }
}
