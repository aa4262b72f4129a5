package dev.airlock.fetch.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes the blobs of one export, each created with its final mode (one open, one write; a chmod
 * only when the umask took bits away) and hashed (sha256) from the bytes it writes, in the same
 * pass. Creating thousands of files is mostly the kernel's work (inode allocation), which a second
 * core can share: small blobs, already in memory, are written on a few threads. The queue is
 * bounded (the walk writes itself when it is full), so memory stays bounded whatever the tree.
 */
final class BlobWriter implements AutoCloseable {
  /** Larger blobs are streamed by the walk itself, never held in memory. */
  static final long MAX_QUEUED_BLOB = 256 * 1024;
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final FileAttribute<?>[] FILE_ATTR = {PosixFilePermissions.asFileAttribute(FILE)};
  private static final FileAttribute<?>[] EXECUTABLE_ATTR = {PosixFilePermissions.asFileAttribute(EXECUTABLE)};
  private static final FileAttribute<?>[] NO_ATTR = {};
  /** One digest per writing thread, reset by each {@code digest()}: no provider lookup per file. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(BlobWriter::sha256);

  /** The bytes of one blob, written to a stream. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Sees each small blob (in memory) once it is written, with its sha256 (the run's scan). */
  interface Written {
    void file(byte[] data, String sha256, Path target);
  }

  private final boolean posix;
  private final Written written;
  private final ThreadPoolExecutor pool;
  private final Map<String, Future<String>> pending = new LinkedHashMap<>();
  private final Set<Path> folders = ConcurrentHashMap.newKeySet();
  /** Whether the process umask removes bits from new files (checked once per kind of file). */
  private final Map<Boolean, Boolean> umaskStrips = new ConcurrentHashMap<>();

  BlobWriter(Path dest, Written written) {
    this.posix = dest.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.written = written;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "airlock-export");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** Writes {@code data} to {@code target} on a writer thread; its digest comes with {@link #results}. */
  void submit(String path, byte[] data, Path target, boolean executable) {
    pending.put(path, pool.submit(() -> {
      MessageDigest md = SHA256.get();
      try (FileChannel channel = open(target, executable)) {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          channel.write(b);
        }
      }
      fixMode(target, executable);
      md.update(data);
      String sha = HexFormat.of().formatHex(md.digest());
      written.file(data, sha, target);
      return sha;
    }));
  }

  /** Streams one (large) blob to {@code target} on this thread; returns its sha256. */
  String write(Content content, Path target, boolean executable) throws IOException {
    MessageDigest md = SHA256.get();
    md.reset();
    try (OutputStream out = new DigestOutputStream(Channels.newOutputStream(open(target, executable)), md)) {
      content.writeTo(out);
    }
    fixMode(target, executable);
    return HexFormat.of().formatHex(md.digest());
  }

  private FileChannel open(Path target, boolean executable) throws IOException {
    Path parent = target.getParent();
    if (!folders.contains(parent)) { // once per folder, not per file
      Files.createDirectories(parent);
      folders.add(parent);
    }
    return FileChannel.open(target, CREATE, posix ? executable ? EXECUTABLE_ATTR : FILE_ATTR : NO_ATTR);
  }

  private void fixMode(Path created, boolean executable) throws IOException {
    if (!posix) {
      return;
    }
    Set<PosixFilePermission> perms = executable ? EXECUTABLE : FILE;
    Boolean strips = umaskStrips.get(executable);
    if (strips == null) {
      strips = !Files.getPosixFilePermissions(created, LinkOption.NOFOLLOW_LINKS).equals(perms);
      umaskStrips.put(executable, strips);
    }
    if (strips) {
      Files.setPosixFilePermissions(created, perms);
    }
  }

  /** Every digest, once every write has finished; the first failure (in tree order) is rethrown. */
  Map<String, String> results() throws IOException {
    Map<String, String> out = new TreeMap<>();
    Throwable first = null;
    for (var e : pending.entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().get());
      } catch (ExecutionException ex) {
        first = first == null ? ex.getCause() : first;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the tree");
      }
    }
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first != null) {
      throw new IOException(first);
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      // a failed walk still lets queued writes end before the caller deletes the folder
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
