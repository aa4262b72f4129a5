package dev.airlock.fetch.git;

import dev.airlock.fetch.PackageBackendContract;
import dev.airlock.testing.FakeRegistry;
import dev.airlock.testing.HttpGitDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * The backend contract for {@code git} over smart HTTP. Where git differs from a package
 * registry: there is no published sha256; the pin is the commit id in the manifest's {@code ref},
 * and git ids are content hashes, so a server that "publishes other bytes" can only offer another
 * commit, which must fail the fetch (exit 3) and leave vendor and lock as they were. The download
 * is the {@code info/refs} request; a redirect of it to another origin is followed by the
 * {@code git-upload-pack} request there (two requests), neither with a credential. A 401 names
 * the credential as {@code credentials: tok}.
 */
class GitContractTest extends PackageBackendContract {
  private static final String INFO_REFS = "/pkg.git/info/refs?service=git-upload-pack";
  private static final PersonIdent WHO = new PersonIdent("contract", "contract@example.invalid",
      Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
  private Repository repo;
  private ObjectId pin;

  /** One commit holding {@code pkg.bin}; the same bytes always give the same commit id. */
  private static ObjectId commit(ObjectInserter ins, byte[] content) throws IOException {
    TreeFormatter tree = new TreeFormatter();
    tree.append("pkg.bin", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, content));
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(ins.insert(tree));
    c.setAuthor(WHO);
    c.setCommitter(WHO);
    c.setMessage("pkg 1.0\n");
    return ins.insert(c);
  }

  @Override
  protected void publish(byte[] content, byte[] hashed) {
    try {
      repo = new InMemoryRepository(new DfsRepositoryDescription("pkg"));
      ObjectId tip;
      try (ObjectInserter ins = repo.newObjectInserter()) {
        tip = commit(ins, content);
        ins.flush();
      }
      RefUpdate u = repo.updateRef("refs/heads/main");
      u.setNewObjectId(tip);
      u.forceUpdate();
      repo.updateRef(Constants.HEAD).link("refs/heads/main");
      try (Repository scratch = new InMemoryRepository(new DfsRepositoryDescription("pin"));
          ObjectInserter ins = scratch.newObjectInserter()) {
        pin = commit(ins, hashed); // the id the bytes the pin stands for have, wherever they are committed
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.fallback(new HttpGitDispatcher(repo, r -> true)); // the registry itself checks the token
  }

  @Override
  protected String source() {
    return "  - { name: pkg, credentials: tok, git: { url: '" + registry.url("/pkg.git") + "', ref: " + pin.name()
        + " } }\n";
  }

  @Override
  protected String fileTarget() {
    return INFO_REFS;
  }

  @Override
  protected String vendoredPath() {
    return "git/pkg/pkg.bin";
  }

  @Override
  protected void redirectToAnotherOrigin(FakeRegistry other) {
    other.fallback(new HttpGitDispatcher(repo, r -> true));
    registry.redirect(INFO_REFS, other.url(INFO_REFS));
  }

  /** git's message names the credential by id, not by kind and origin as the HTTP backends do. */
  @Override
  protected String credentialNamedOn401() {
    return "credentials: tok";
  }

  @Override
  protected int requestsAtRedirectTarget() {
    return 2;
  }
}
