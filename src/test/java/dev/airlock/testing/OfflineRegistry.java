package dev.airlock.testing;

import dev.airlock.cache.ContentCache;
import dev.airlock.credentials.CredentialResolver;
import dev.airlock.common.Environment;
import dev.airlock.common.Origin;
import dev.airlock.credentials.SecretRegistry;
import dev.airlock.fetch.FetchContext;
import dev.airlock.fetch.FetchListener;
import dev.airlock.manifest.CredentialSpec;
import dev.airlock.manifest.DockerSpec;
import dev.airlock.manifest.Manifest;
import dev.airlock.manifest.SecretRef;
import dev.airlock.net.HttpTransport;
import dev.airlock.net.RetryPolicy;
import dev.airlock.placement.SafeExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A registry that never touches the network: an OkHttp interceptor answers every request from a
 * function, so a fetcher runs its real code path (transport, redirects, credentials, parsing,
 * hashing, staging) on made-up responses at thousands of runs a second. For fuzzing fetchers.
 * It also records every request that carried an {@code Authorization} header to an origin other
 * than {@link #credentialOrigin}.
 */
public final class OfflineRegistry implements Interceptor {
  /** One canned answer. */
  public record Answer(int code, String contentType, byte[] body, String location) {
    public static Answer ok(String contentType, byte[] body) {
      return new Answer(200, contentType, body, null);
    }
  }

  public static final String TOKEN = "fuzz-token-CANARY-0123456789";

  private final Function<Request, Answer> answers;
  private final Origin credentialOrigin;
  private final List<String> leaks = new CopyOnWriteArrayList<>();

  public OfflineRegistry(Function<Request, Answer> answers, Origin credentialOrigin) {
    this.answers = answers;
    this.credentialOrigin = credentialOrigin;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request r = chain.request();
    String auth = r.header("Authorization");
    if (auth != null && !Origin.of(r.url()).equals(credentialOrigin)) {
      leaks.add(Origin.of(r.url()).toString());
    }
    Answer a = answers.apply(r);
    Response.Builder b = new Response.Builder().request(r).protocol(Protocol.HTTP_1_1).code(a.code()).message("fake")
        .body(ResponseBody.create(a.body(), a.contentType() == null ? null : MediaType.parse(a.contentType())));
    if (a.contentType() != null) {
      b.header("Content-Type", a.contentType());
    }
    if (a.location() != null) {
      b.header("Location", a.location());
    }
    return b.build();
  }

  /** Origins that received the source's credential although it was configured for another. */
  public List<String> leaks() {
    return leaks;
  }

  /**
   * A fetch context on this registry: credential {@code tok} is a bearer token bound to
   * {@code credentialOrigin}; cache, staging and temp files under {@code dir}.
   */
  public FetchContext context(Path dir) throws IOException {
    Manifest m = new Manifest(dir.resolve("fetch.yaml"), 1, dir.resolve("vendor"), List.of(),
        Map.of("tok", new CredentialSpec.Token("tok", new SecretRef.Env("TOK"), Optional.empty())), List.of(),
        DockerSpec.DEFAULTS);
    Environment env = new Environment(Map.of("TOK", TOKEN), dir, dir);
    HttpTransport http = new HttpTransport(new OkHttpClient.Builder().addInterceptor(this).build(),
        RetryPolicy.NONE, line -> {});
    return new FetchContext(http, new CredentialResolver(m, env, new SecretRegistry(), Optional.empty(), w -> {}),
        new ContentCache(dir.resolve("cache")), new dev.airlock.fetch.CacheInbox(new ContentCache(dir.resolve("cache")),
        dir.resolve("tmp/inbox")), false, FetchListener.NONE, Files.createDirectories(dir.resolve("tmp")),
        new SafeExtractor.Limits(1 << 20, 100, 100), Runnable::run);
  }

  /** Splits fuzz input {@code [selector][first part] 0x00 [second part]}. */
  public static byte[][] split(byte[] input) {
    int sep = 1;
    while (sep < input.length && input[sep] != 0) {
      sep++;
    }
    byte[] first = java.util.Arrays.copyOfRange(input, Math.min(1, input.length), sep);
    byte[] second = sep < input.length ? java.util.Arrays.copyOfRange(input, sep + 1, input.length) : new byte[0];
    return new byte[][] {first, second};
  }
}
