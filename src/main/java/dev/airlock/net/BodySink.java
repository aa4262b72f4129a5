package dev.airlock.net;

import dev.airlock.error.DiskFull;
import dev.airlock.error.FetchException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Where a 200 response's body goes: streamed into a file (hashed, shown to a {@link BodyTap}, with
 * progress, never left half-written) or read into memory up to a size limit. A broken or stalled
 * body is worth a retry ({@link RetryableException}); a failed write to the disk is not.
 */
final class BodySink {
  private final Cancellation cancellation;

  BodySink(Cancellation cancellation) {
    this.cancellation = cancellation;
  }

  /** Writes the body to {@code target} (created or replaced) in one pass that hashes it and feeds {@code tap}. */
  Download save(String what, HttpUrl url, Response resp, Path target, ProgressSink progress, BodyTap tap) {
    ResponseBody body = resp.body();
    String type = resp.header("Content-Type", "");
    if (type.toLowerCase(Locale.ROOT).startsWith("text/html") && !looksLikeHtmlName(url)) {
      throw new FetchException(what + ": expected a file but " + Urls.redact(url)
          + " returned an HTML page (a login page?)");
    }
    long total = body.contentLength();
    boolean complete = false;
    tap.restart();
    try (OutputStream out = create(what, target, total)) {
      Tee tee = new Tee(what, url, target, body.byteStream(), out, tap, progress, total); // closed with the response
      tap.consume(tee);
      tee.drain();
      if (total >= 0 && tee.done != total) {
        throw new RetryableException("download of " + Urls.redact(url) + " was truncated (" + tee.done + " of " + total + " bytes)", null);
      }
      complete = true;
      progress.bytes(tee.done, total);
      return new Download(url, tee.done, HexFormat.of().formatHex(tee.sha.digest()), type);
    } catch (IOException e) { // closing the file: the last buffered bytes did not reach the disk
      throw writeFailure(what, target, e);
    } finally {
      if (!complete) {
        deleteQuietly(target); // never leave a partial file behind, whatever failed
      }
    }
  }

  /** Reads the body into memory; past {@code maxBytes} it fails. */
  Document read(String what, HttpUrl url, Response resp, long maxBytes) {
    try (InputStream in = resp.body().byteStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new FetchException(what + ": " + Urls.redact(url) + " is larger than " + maxBytes + " bytes");
      }
      return new Document(url, resp.header("Content-Type", ""), body);
    } catch (SocketTimeoutException e) {
      cancellation.check(what);
      throw new RetryableException("reading " + Urls.redact(url) + " stalled (no data within the read timeout)", null);
    } catch (InterruptedIOException e) {
      throw new FetchException(what + ": interrupted while downloading");
    } catch (IOException e) {
      cancellation.check(what);
      throw new RetryableException("reading " + Urls.redact(url) + " broke off: " + e.getMessage(), null);
    }
  }

  /**
   * The one pass over a body: every byte read from the network is written to the file, hashed and
   * shown to the tap, whoever reads (the tap's scanner, or {@link #drain}). Network errors surface
   * as {@link RetryableException}, write errors as {@link FetchException} (both unchecked, so they
   * pass through a scanner unchanged).
   */
  private final class Tee extends InputStream {
    private final String what;
    private final HttpUrl url;
    private final Path target;
    private final InputStream in;
    private final OutputStream out;
    private final BodyTap tap;
    private final ProgressSink progress;
    private final long total;
    final MessageDigest sha = sha256();
    long done;
    private long lastReport;

    Tee(String what, HttpUrl url, Path target, InputStream in, OutputStream out, BodyTap tap, ProgressSink progress,
        long total) {
      this.what = what;
      this.url = url;
      this.target = target;
      this.in = in;
      this.out = out;
      this.tap = tap;
      this.progress = progress;
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = readChunk(what, url, in, b, off, len, done);
      if (n > 0) {
        write(what, target, out, b, off, n);
        sha.update(b, off, n);
        tap.update(b, off, n);
        done += n;
        if (done - lastReport >= 256 * 1024) {
          progress.bytes(done, total);
          lastReport = done;
        }
      }
      return n;
    }

    void drain() {
      byte[] buf = new byte[bufferFor(total, 64 * 1024)];
      while (read(buf, 0, buf.length) != -1) {
        // written, hashed and shown to the tap by read
      }
    }
  }

  private static OutputStream create(String what, Path target, long total) {
    try {
      OutputStream file;
      try {
        file = Files.newOutputStream(target);
      } catch (NoSuchFileException e) { // the caller usually made the folder: look only when it did not
        Files.createDirectories(target.getParent());
        file = Files.newOutputStream(target);
      }
      // The body arrives in okio segments of 8 KiB: write to the file in larger pieces, a small
      // file in one (not a 256 KiB buffer for each 16 KiB file).
      return new BufferedOutputStream(file, bufferFor(total, 256 * 1024));
    } catch (IOException e) {
      throw writeFailure(what, target, e);
    }
  }

  /** A buffer of {@code max} bytes, or of the body's size when it is known and smaller (at least 8 KiB). */
  static int bufferFor(long total, int max) {
    return total < 0 ? max : (int) Math.min(max, Math.max(8192, total));
  }

  /** One read from the network: a stall or a broken connection is worth another attempt. */
  private int readChunk(String what, HttpUrl url, InputStream in, byte[] buf, int off, int len, long done) {
    try {
      return in.read(buf, off, len);
    } catch (SocketTimeoutException e) {
      cancellation.check(what);
      throw new RetryableException("download of " + Urls.redact(url) + " stalled after " + done
          + " bytes (no data within the read timeout)", null);
    } catch (InterruptedIOException e) {
      throw new FetchException(what + ": interrupted while downloading");
    } catch (IOException e) {
      cancellation.check(what);
      throw new RetryableException("download of " + Urls.redact(url) + " broke off after " + done + " bytes: " + e.getMessage(), null);
    }
  }

  /** One write to the local file: never retried (the disk will not have more room a second later). */
  private static void write(String what, Path target, OutputStream out, byte[] buf, int off, int n) {
    try {
      out.write(buf, off, n);
    } catch (IOException e) {
      throw writeFailure(what, target, e);
    }
  }

  private static FetchException writeFailure(String what, Path target, IOException e) {
    if (DiskFull.is(e)) {
      return new FetchException(what + ": disk full while writing " + target.getFileName() + " (in " + target.getParent() + ")");
    }
    return new FetchException(what + ": cannot write " + target.getFileName() + ": " + DiskFull.describe(e));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the staging folder it is in is removed at the end of the run
    }
  }

  private static boolean looksLikeHtmlName(HttpUrl url) {
    String name = Urls.fileName(url, "").toLowerCase(Locale.ROOT);
    return name.endsWith(".html") || name.endsWith(".htm") || name.isEmpty();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
