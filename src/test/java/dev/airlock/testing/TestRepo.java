package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A bare repository built object by object for tests. Trees are written with JGit's
 * {@link TreeFormatter}, which checks nothing, so a test can also make trees git would never
 * create (entries {@code ..}, {@code .git}, symlinks out).
 */
public final class TestRepo implements AutoCloseable {
  private static final PersonIdent WHO = new PersonIdent("airlock test", "test@airlock.invalid", 1_700_000_000_000L, 0);

  public final Repository repo;
  private final Path dir;

  private TestRepo(Repository repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  public static TestRepo create(Path dir) throws IOException {
    Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    r.create(true);
    return new TestRepo(r, dir);
  }

  public Path dir() {
    return dir;
  }

  /** One tree entry: content for files and symlink targets, a commit id for gitlinks. */
  public record Entry(FileMode mode, byte[] content, ObjectId gitlink) {
    public static Entry file(String text) {
      return new Entry(FileMode.REGULAR_FILE, text.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Entry bytes(byte[] content) {
      return new Entry(FileMode.REGULAR_FILE, content, null);
    }

    public static Entry exec(String text) {
      return new Entry(FileMode.EXECUTABLE_FILE, text.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Entry symlink(String target) {
      return new Entry(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Entry submodule(ObjectId commit) {
      return new Entry(FileMode.GITLINK, null, commit);
    }
  }

  /** Commits {@code files} (path → entry; paths split on '/', segments taken as given). */
  public ObjectId commit(Map<String, Entry> files, ObjectId... parents) throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      return commit(ins, tree(ins, files), parents);
    }
  }

  /**
   * Commits the tree {@code raw} as given: for trees git's own tools never write (a name twice),
   * which {@link #commit(Map, ObjectId...)} cannot express.
   */
  public ObjectId commit(TreeFormatter raw, ObjectId... parents) throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      return commit(ins, ins.insert(raw), parents);
    }
  }

  private static ObjectId commit(ObjectInserter ins, ObjectId tree, ObjectId... parents) throws IOException {
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(tree);
    c.setParentIds(parents);
    c.setAuthor(WHO);
    c.setCommitter(WHO);
    c.setMessage("test commit\n");
    ObjectId id = ins.insert(c);
    ins.flush();
    return id;
  }

  private ObjectId tree(ObjectInserter ins, Map<String, Entry> files) throws IOException {
    Map<String, Object> level = new LinkedHashMap<>(); // name -> Entry or Map (subtree)
    Map<String, Map<String, Entry>> subtrees = new TreeMap<>();
    for (var e : files.entrySet()) {
      int slash = e.getKey().indexOf('/');
      if (slash < 0) {
        level.put(e.getKey(), e.getValue());
      } else {
        subtrees.computeIfAbsent(e.getKey().substring(0, slash), k -> new LinkedHashMap<>())
            .put(e.getKey().substring(slash + 1), e.getValue());
      }
    }
    List<Object[]> entries = new ArrayList<>(); // {name, mode, id}
    for (var e : level.entrySet()) {
      Entry en = (Entry) e.getValue();
      ObjectId id = en.mode() == FileMode.GITLINK ? en.gitlink() : ins.insert(Constants.OBJ_BLOB, en.content());
      entries.add(new Object[] {e.getKey(), en.mode(), id});
    }
    for (var e : subtrees.entrySet()) {
      entries.add(new Object[] {e.getKey(), FileMode.TREE, tree(ins, e.getValue())});
    }
    entries.sort(Comparator.comparing(o -> sortKey((String) o[0], (FileMode) o[1])));
    TreeFormatter f = new TreeFormatter();
    for (Object[] o : entries) {
      f.append((String) o[0], (FileMode) o[1], (ObjectId) o[2]);
    }
    return ins.insert(f);
  }

  /** git orders tree entries by name, a tree's name compared as if it ended in '/'. */
  private static String sortKey(String name, FileMode mode) {
    return mode == FileMode.TREE ? name + "/" : name;
  }

  public void branch(String name, ObjectId id) throws IOException {
    ref(Constants.R_HEADS + name, id);
  }

  public void tag(String name, ObjectId id) throws IOException {
    ref(Constants.R_TAGS + name, id);
  }

  /** An annotated tag object named {@code name} pointing at {@code commit}. */
  public ObjectId annotatedTag(String name, ObjectId commit) throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      TagBuilder t = new TagBuilder();
      t.setObjectId(commit, Constants.OBJ_COMMIT);
      t.setTag(name);
      t.setTagger(WHO);
      t.setMessage("release " + name + "\n");
      ObjectId id = ins.insert(t);
      ins.flush();
      ref(Constants.R_TAGS + name, id);
      return id;
    }
  }

  /** Points HEAD at {@code refs/heads/NAME}. */
  public void head(String branch) throws IOException {
    RefUpdate u = repo.updateRef(Constants.HEAD);
    u.link(Constants.R_HEADS + branch);
  }

  private void ref(String name, ObjectId id) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setNewObjectId(id);
    u.setForceUpdate(true);
    RefUpdate.Result r = u.update();
    if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("cannot set " + name + ": " + r);
    }
  }

  public void deleteRef(String name) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setForceUpdate(true);
    u.delete();
  }

  @Override
  public void close() {
    repo.close();
  }
}
