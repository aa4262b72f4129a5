package dev.airlock.fetch.npm;

import dev.airlock.error.FetchException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a packument says a tarball hashes to: the strongest entry of {@code dist.integrity} (SRI:
 * {@code sha512-BASE64}, also sha384 and sha256), else a sha1 (an SRI {@code sha1-} entry or the
 * legacy {@code dist.shasum} hex), which callers treat as weak.
 */
record Integrity(String algorithm, String jdkName, byte[] digest, boolean legacySha1) {
  private static final List<String[]> STRONG = List.of(
      new String[] {"sha512", "SHA-512"}, new String[] {"sha384", "SHA-384"}, new String[] {"sha256", "SHA-256"});
  private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");

  /** Empty when neither field gives a usable hash. */
  static Optional<Integrity> choose(String sri, String shasum) {
    for (String[] alg : STRONG) {
      for (String token : sri.strip().split("\\s+")) {
        if (token.startsWith(alg[0] + "-")) {
          String b64 = token.substring(alg[0].length() + 1).replaceFirst("\\?.*$", "");
          try {
            return Optional.of(new Integrity(alg[0], alg[1], Base64.getDecoder().decode(b64), false));
          } catch (IllegalArgumentException e) {
            // not base64: try the next entry
          }
        }
      }
    }
    for (String token : sri.strip().split("\\s+")) {
      if (token.startsWith("sha1-")) {
        try {
          byte[] d = Base64.getDecoder().decode(token.substring(5).replaceFirst("\\?.*$", ""));
          if (d.length == 20) {
            return Optional.of(new Integrity("sha1", "SHA-1", d, true));
          }
        } catch (IllegalArgumentException e) {
          // not base64: fall through to shasum
        }
      }
    }
    if (SHA1_HEX.matcher(shasum).matches()) {
      return Optional.of(new Integrity("sha1", "SHA-1", HexFormat.of().parseHex(shasum.toLowerCase(Locale.ROOT)), true));
    }
    return Optional.empty();
  }

  /** The hex of the digest: cacache's content path ({@code content-v2/ALG/xx/yy/rest}). */
  String hex() {
    return HexFormat.of().formatHex(digest);
  }

  /** The form the lock records: SRI ({@code sha512-…}), or {@code sha1-…} for a shasum. */
  String sri() {
    return algorithm + "-" + Base64.getEncoder().encodeToString(digest);
  }

  /** {@code got}: the tarball's digest in {@link #jdkName}, taken while it was downloaded. */
  void verify(String what, byte[] got) {
    if (!MessageDigest.isEqual(got, digest)) {
      throw new FetchException(what + ": integrity mismatch: expected " + sri() + ", the tarball is "
          + algorithm + "-" + Base64.getEncoder().encodeToString(got));
    }
  }
}
