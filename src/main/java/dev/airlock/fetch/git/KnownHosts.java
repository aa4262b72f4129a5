package dev.airlock.fetch.git;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One known_hosts file, decided as a whole (docs/security-cases.md, round 3, case 3). Lines are read
 * as OpenSSH reads them: an optional marker, a comma list of host patterns ({@code *} and
 * {@code ?} wildcards, {@code !} negation that vetoes the line, {@code [host]:port} for other
 * ports, case-insensitive) or one hashed name {@code |1|salt|hash} (HMAC-SHA1 of the name keyed by
 * the salt), then the key. Unlike JGit, which stops at the first line that matches, every line
 * counts, and a key on any {@code @revoked} line is refused for every host, whatever that line's
 * host patterns (stricter than OpenSSH, which scopes the line to its hosts: a compromised key is not
 * safer elsewhere). {@code @cert-authority} lines are ignored: host certificates are not accepted,
 * so such a line never makes a key trusted. Lines that do not parse are skipped, as OpenSSH does.
 */
final class KnownHosts {
  enum Verdict { ACCEPTED, REVOKED, CHANGED, UNKNOWN }

  /** {@code listed} is a key the file lists for the host when the verdict is CHANGED. */
  record Decision(Verdict verdict, PublicKey listed) {}

  private enum Marker { NONE, REVOKED, CERT_AUTHORITY }

  private record Line(Marker marker, String hosts, PublicKey key) {}

  private final List<Line> lines;

  private KnownHosts(List<Line> lines) {
    this.lines = lines;
  }

  static KnownHosts parse(String text) {
    List<Line> lines = new ArrayList<>();
    for (String raw : text.split("\r?\n|\r", -1)) {
      Line line = line(raw.strip());
      if (line != null) {
        lines.add(line);
      }
    }
    return new KnownHosts(List.copyOf(lines));
  }

  /**
   * The verdict for {@code offered} from {@code host} ({@code name} for port 22, else
   * {@code [name]:port}, as OpenSSH looks names up).
   */
  Decision decide(String host, PublicKey offered) {
    for (Line l : lines) {
      if (l.marker == Marker.REVOKED && KeyUtils.compareKeys(l.key, offered)) {
        return new Decision(Verdict.REVOKED, null);
      }
    }
    PublicKey sameType = null;
    PublicKey any = null;
    for (Line l : lines) {
      if (l.marker != Marker.NONE || !matches(l.hosts, host)) {
        continue;
      }
      if (KeyUtils.compareKeys(l.key, offered)) {
        return new Decision(Verdict.ACCEPTED, null);
      }
      any = any == null ? l.key : any;
      if (sameType == null && KeyUtils.getKeyType(l.key).equals(KeyUtils.getKeyType(offered))) {
        sameType = l.key;
      }
    }
    if (any != null) {
      return new Decision(Verdict.CHANGED, sameType != null ? sameType : any);
    }
    return new Decision(Verdict.UNKNOWN, null);
  }

  /** The keys the file trusts for {@code host} (none revoked), to prefer their algorithms. */
  List<PublicKey> keysFor(String host) {
    List<PublicKey> keys = new ArrayList<>();
    for (Line l : lines) {
      if (l.marker == Marker.NONE && matches(l.hosts, host)
          && decide(host, l.key).verdict() == Verdict.ACCEPTED) {
        keys.add(l.key);
      }
    }
    return keys;
  }

  private static Line line(String text) {
    if (text.isEmpty() || text.startsWith("#")) {
      return null;
    }
    String[] f = text.split("[ \t]+");
    int i = 0;
    Marker marker = Marker.NONE;
    if (f[0].startsWith("@")) {
      switch (f[0].toLowerCase(Locale.ROOT)) {
        case "@revoked" -> marker = Marker.REVOKED;
        case "@cert-authority" -> marker = Marker.CERT_AUTHORITY;
        default -> {
          return null;
        }
      }
      i = 1;
    }
    if (f.length < i + 3) {
      return null;
    }
    try {
      PublicKey key = PublicKeyEntry.parsePublicKeyEntry(f[i + 1] + " " + f[i + 2])
          .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
      return key == null ? null : new Line(marker, f[i], key);
    } catch (Exception e) {
      return null; // an unreadable key matches nothing, as in OpenSSH
    }
  }

  static boolean matches(String patterns, String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (patterns.startsWith("|")) {
      return hashedMatch(patterns, name);
    }
    boolean positive = false;
    for (String p : patterns.split(",", -1)) {
      boolean negated = p.startsWith("!");
      String glob = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
      if (glob(glob, name)) {
        if (negated) {
          return false;
        }
        positive = true;
      }
    }
    return positive;
  }

  private static boolean hashedMatch(String field, String name) {
    String[] parts = field.split("\\|", -1); // "", "1", salt, hash
    if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("1")) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (salt.length != 20 || hash.length != 20) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return MessageDigest.isEqual(hash, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** {@code *} matches any run, {@code ?} one character, everything else itself (linear time). */
  private static boolean glob(String p, String s) {
    int pi = 0;
    int si = 0;
    int star = -1;
    int mark = 0;
    while (si < s.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = si;
      } else if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
