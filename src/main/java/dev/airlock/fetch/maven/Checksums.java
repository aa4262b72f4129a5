package dev.airlock.fetch.maven;

import dev.airlock.credentials.RequestAuth;
import dev.airlock.error.FetchException;
import dev.airlock.fetch.Downloads;
import dev.airlock.fetch.FetchContext;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The checksum a Maven repository publishes beside a file ({@code FILE.sha512}, {@code .sha256},
 * {@code .sha1}): the strongest one present is fetched and the downloaded file checked against it.
 */
final class Checksums {
  /** Strongest first: file suffix, JDK algorithm, hex length. */
  record Algorithm(String suffix, String jdkName, int hexLength) {}

  static final List<Algorithm> ALGORITHMS = List.of(
      new Algorithm("sha512", "SHA-512", 128),
      new Algorithm("sha256", "SHA-256", 64),
      new Algorithm("sha1", "SHA-1", 40));
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  /** A published checksum: which algorithm and its hex value. */
  record Published(Algorithm algorithm, String hex) {}

  private Checksums() {}

  static Optional<Published> fetch(FetchContext ctx, String what, HttpUrl file, RequestAuth auth) {
    for (Algorithm a : ALGORITHMS) {
      HttpUrl url = file.newBuilder().setPathSegment(file.pathSize() - 1, Urls.fileName(file, "") + "." + a.suffix())
          .build();
      Optional<Document> doc = Downloads.document(ctx, what, url, auth, null, 4096, true);
      if (doc.isPresent()) {
        String text = doc.get().text().strip();
        String hex = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        if (hex.length() != a.hexLength() || !HEX.matcher(hex).matches()) {
          throw new FetchException(what + ": " + Urls.redact(url) + " is not a " + a.suffix()
              + " checksum (a login page?)");
        }
        return Optional.of(new Published(a, hex.toLowerCase(Locale.ROOT)));
      }
    }
    return Optional.empty();
  }

  /** Checks a download against {@code expected} with the digests taken while it arrived (never re-read). */
  static void verify(String what, HttpUrl url, Downloads.Result downloaded, Published expected) {
    String algorithm = expected.algorithm().jdkName();
    byte[] digest = algorithm.equals("SHA-256") ? HexFormat.of().parseHex(downloaded.sha256())
        : downloaded.digest(algorithm);
    verify(what, url, digest, expected);
  }

  /** {@code digest}: the download's digest in the published algorithm, taken while it arrived. */
  static void verify(String what, HttpUrl url, byte[] digest, Published expected) {
    String got = HexFormat.of().formatHex(digest);
    if (!got.equals(expected.hex())) {
      throw new FetchException(what + ": " + expected.algorithm().suffix() + " mismatch for " + Urls.redact(url)
          + ": the repository publishes " + expected.hex() + ", the download is " + got);
    }
  }
}
