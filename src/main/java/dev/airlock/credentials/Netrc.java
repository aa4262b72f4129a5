package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed netrc file (immutable). {@link #lookup} answers for one request host: {@code machine}
 * entries are matched case-insensitively after IDNA normalisation, first match wins, and
 * {@code default} is used only when the caller allows it and no {@code machine} entry names the
 * host. Two entries for the same host and login that disagree on the password make the whole file
 * invalid rather than letting the order decide.
 */
public final class Netrc {
  public static final int MAX_FILE_BYTES = 128 * 1024;
  private static final Pattern DEVIATIONS = Pattern.compile("[\u00DF\u03C2\u200C\u200D]");

  private final String fileName;
  private final List<NetrcEntry> entries;
  /** The normalised host of each entry in {@link #entries}, or null for {@code default}. */
  private final List<String> hosts;

  private Netrc(String fileName, List<NetrcEntry> entries, List<String> hosts) {
    this.fileName = fileName;
    this.entries = entries;
    this.hosts = hosts;
  }

  /**
   * Parses netrc text.
   *
   * @param fileName how error messages name the file
   * @throws UsageException if the text is malformed; the message names {@code fileName:line}, never
   *     a value from the file
   */
  public static Netrc parse(String text, String fileName) {
    if (text.length() > MAX_FILE_BYTES
        || text.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
      throw new UsageException(fileName + ": netrc file larger than " + MAX_FILE_BYTES + " bytes");
    }
    List<NetrcEntry> entries = NetrcParser.parse(text, fileName);
    List<String> hosts = new ArrayList<>();
    for (NetrcEntry e : entries) {
      hosts.add(e.machine().map(m -> normaliseHost(m).orElseThrow(() -> new UsageException(
          fileName + ":" + e.line() + ": machine name is not a valid host name"
          + " (write names containing ß, ς or joiners in their xn-- form)"))).orElse(null));
    }
    rejectConflicts(entries, hosts, fileName);
    return new Netrc(fileName, entries, Collections.unmodifiableList(hosts));
  }

  /** The file name given to {@link #parse}, for messages such as "using ~/.netrc line 3". */
  public String fileName() {
    return fileName;
  }

  /** Every entry, in file order. */
  public List<NetrcEntry> entries() {
    return entries;
  }

  /**
   * The entry to use for a request to {@code host}.
   *
   * @param host the host the client will connect to, as parsed from the request URL
   * @param urlUser the user named in the URL; if present, only an entry whose login equals it
   *     (case-sensitive) or that has no login, and that has a password, is returned. An empty string
   *     counts as no user.
   * @param allowDefault whether the {@code default} entry may answer; it is consulted only when no
   *     {@code machine} entry names the host, and only if it has a password
   * @return the first matching entry; a returned entry may have no password (send nothing then)
   */
  public Optional<NetrcEntry> lookup(String host, Optional<String> urlUser, boolean allowDefault) {
    Optional<String> wanted = normaliseHost(host);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> user = urlUser.filter(u -> !u.isEmpty());
    boolean hostKnown = false;
    for (int i = 0; i < entries.size(); i++) {
      if (wanted.get().equals(hosts.get(i))) {
        hostKnown = true;
        if (user.isEmpty() || servesUser(entries.get(i), user.get())) {
          return Optional.of(entries.get(i));
        }
      }
    }
    if (!allowDefault || hostKnown) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(e -> e.isDefault() && e.password().isPresent())
        .filter(e -> user.isEmpty() || servesUser(e, user.get()))
        .findFirst();
  }

  private static boolean servesUser(NetrcEntry entry, String user) {
    return entry.password().isPresent() && entry.login().map(user::equals).orElse(true);
  }

  /**
   * Lower-case ASCII (punycode) form of a host name, or empty if it is not a valid name or uses an
   * IDNA "deviation" character (ß, ς, ZWJ, ZWNJ): {@link IDN} (IDNA2003) maps {@code faß.example}
   * to {@code fass.example}, a different host under IDNA2008/UTS 46, which OkHttp follows.
   */
  static Optional<String> normaliseHost(String host) {
    if (DEVIATIONS.matcher(host).find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IDN.toASCII(host).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void rejectConflicts(List<NetrcEntry> entries, List<String> hosts, String fileName) {
    Map<String, NetrcEntry> firstByKey = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      NetrcEntry e = entries.get(i);
      String host = hosts.get(i) == null ? "default" : "machine " + hosts.get(i);
      String key = host + "\0" + e.login().map(l -> "login " + l).orElse("");
      NetrcEntry first = firstByKey.putIfAbsent(key, e);
      if (first != null && !first.password().equals(e.password())) {
        throw new UsageException(fileName + ": entries on lines " + first.line() + " and " + e.line()
            + " are both for " + host + (e.login().isPresent() ? " with the same login" : " without a login")
            + " but have different passwords; remove one");
      }
    }
  }
}
