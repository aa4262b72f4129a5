package dev.airlock.sbom;

import java.util.regex.Pattern;

/**
 * URLs as the SBOM prints them: no user-info of any kind (a token used as a user name is still a
 * token), no query, no fragment. Works on strings from the lock, which airlock already stored
 * without credentials; this is the second line of defence.
 */
final class UrlText {
  private static final Pattern SCHEME_AUTHORITY = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$");

  private UrlText() {}

  static String withoutCredentials(String url) {
    var m = SCHEME_AUTHORITY.matcher(url);
    if (!m.matches()) {
      return stripQuery(url);
    }
    String authority = m.group(2);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    return m.group(1) + authority + stripQuery(m.group(3));
  }

  private static String stripQuery(String rest) {
    int cut = rest.length();
    for (char c : new char[] {'?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return rest.substring(0, cut);
  }
}
