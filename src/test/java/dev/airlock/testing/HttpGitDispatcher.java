package dev.airlock.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * git's smart HTTP protocol (v0) for one repository, served from MockWebServer with JGit's
 * {@link UploadPack}: {@code GET …/info/refs?service=git-upload-pack} and
 * {@code POST …/git-upload-pack}. Requests whose headers {@code authorized} rejects get 401; every
 * request is recorded. Non-tip commits may be fetched by id unless {@link #tipsOnly} is set.
 */
public final class HttpGitDispatcher extends Dispatcher {
  private final Repository repo;
  private final Predicate<RecordedRequest> authorized;
  public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  public volatile boolean tipsOnly;
  /** When set, info/refs answers 302 to this base URL (e.g. another server's repository URL). */
  public volatile String redirectTo;

  public HttpGitDispatcher(Repository repo, Predicate<RecordedRequest> authorized) {
    this.repo = repo;
    this.authorized = authorized;
  }

  @Override
  public MockResponse dispatch(RecordedRequest r) {
    requests.add(r);
    String path = r.getUrl().encodedPath();
    if (redirectTo != null && path.endsWith("/info/refs")) {
      return new MockResponse.Builder().code(302)
          .addHeader("Location", redirectTo + "/info/refs?service=git-upload-pack").build();
    }
    if (!authorized.test(r)) {
      return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"git\"")
          .body("authentication required\n").build();
    }
    try {
      if (path.endsWith("/info/refs") && "git-upload-pack".equals(r.getUrl().queryParameter("service"))) {
        return advertise();
      }
      if (path.endsWith("/git-upload-pack") && "POST".equals(r.getMethod())) {
        return uploadPack(r);
      }
    } catch (IOException e) {
      return new MockResponse.Builder().code(500).body(String.valueOf(e.getMessage())).build();
    }
    return new MockResponse.Builder().code(404).build();
  }

  private UploadPack newUploadPack() {
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    up.setRequestPolicy(UploadPack.RequestPolicy.REACHABLE_COMMIT);
    if (tipsOnly) { // like git without uploadpack.allow*SHA1InWant: only advertised tips may be wanted
      up.setRequestValidator((pack, wants) -> {
        var tips = pack.getAdvertisedRefs().values().stream().map(Ref::getObjectId).toList();
        for (ObjectId want : wants) {
          if (!tips.contains(want)) {
            throw new PackProtocolException("want " + want.name() + " not valid");
          }
        }
      });
    }
    return up;
  }

  private MockResponse advertise() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PacketLineOut out = new PacketLineOut(buf);
    out.writeString("# service=git-upload-pack\n");
    out.end();
    newUploadPack().sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
    return new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/x-git-upload-pack-advertisement")
        .addHeader("Cache-Control", "no-cache")
        .body(new Buffer().write(buf.toByteArray())).build();
  }

  private MockResponse uploadPack(RecordedRequest r) throws IOException {
    byte[] body = r.getBody() == null ? new byte[0] : r.getBody().toByteArray();
    InputStream in = new ByteArrayInputStream(body);
    if ("gzip".equalsIgnoreCase(r.getHeaders().get("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    newUploadPack().upload(in, out, null);
    return new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/x-git-upload-pack-result")
        .body(new Buffer().write(out.toByteArray())).build();
  }
}
