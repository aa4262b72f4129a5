package dev.airlock.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The top-level keys of one or more npmrc files, read as npm reads them (the {@code ini} package,
 * then {@code ${VAR}} expansion of keys and values) and merged as npm layers them: an earlier
 * (project) file wins over a later (user) file key by key. {@link #match} finds the auth for a
 * request URL exactly as npm-registry-fetch does: the longest {@code //host[:port]/path} key prefix
 * of the URL that carries {@code _authToken}, {@code _auth}, {@code username} + {@code _password}
 * (or a client certificate, which airlock does not send). The scheme is not part of the key.
 */
final class Npmrc {
  /** A value and where it was written; {@code unset} names the {@code ${VAR}}s the environment lacks. */
  record Value(String text, String file, int line, List<String> unset) {
    String where() {
      return file + ":" + line;
    }
  }

  /** The key (without {@code :field}) that gave a URL its auth, and which field decided it. */
  record Match(String regKey, String authKey) {}

  private static final Pattern LINE = Pattern.compile("^\\[([^\\]]*)\\]\\s*$|^([^=]+)(=(.*))?$");
  private static final Pattern ENV_EXPR = Pattern.compile("(?<!\\\\)(\\\\*)\\$\\{([^${}]+)\\}");
  private static final Pattern LAST_STEP = Pattern.compile("([^/]+|/)$");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Map<String, Value> keys;

  private Npmrc(Map<String, Value> keys) {
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** Parses one file's text; {@code env} is the environment {@code ${VAR}} reads from. */
  static Npmrc parse(String text, String fileName, Map<String, String> env) {
    Map<String, Value> out = new LinkedHashMap<>();
    boolean inSection = false;
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith(";") || line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      if (m.group(1) != null) {
        inSection = true; // keys of [sections] are not top-level config: npm never reads auth from them
        continue;
      }
      String rawKey = unsafe(m.group(2));
      if (inSection || m.group(3) == null || rawKey.endsWith("[]") || rawKey.equals("__proto__")) {
        continue; // a bare key is boolean true, a key[] an array: never an auth value
      }
      String rawValue = unsafe(m.group(4));
      if (rawValue.equals("true") || rawValue.equals("false") || rawValue.equals("null")
          || rawValue.equals("undefined")) {
        out.remove(expand(rawKey, env, new ArrayList<>()));
        continue;
      }
      List<String> unset = new ArrayList<>();
      String key = expand(rawKey, env, new ArrayList<>());
      String value = expand(rawValue.strip(), env, unset);
      out.put(key, new Value(value, fileName, i + 1, List.copyOf(unset)));
    }
    return new Npmrc(out);
  }

  /** npm's layering: the first file's keys win over later files' keys. */
  static Npmrc merge(List<Npmrc> highestFirst) {
    Map<String, Value> merged = new LinkedHashMap<>();
    for (Npmrc n : highestFirst) {
      n.keys.forEach(merged::putIfAbsent);
    }
    return new Npmrc(merged);
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  Optional<Value> get(String key) {
    return Optional.ofNullable(keys.get(key));
  }

  /** Every value, for registering the file's secrets with the scanner. */
  Map<String, Value> all() {
    return keys;
  }

  /** npm's {@code regFromURI}: walks up {@code //host[:port]/path} one segment or slash at a time. */
  Optional<Match> match(HttpUrl url) {
    String regKey = "//" + hostKey(url) + url.encodedPath();
    while (regKey.length() > 2) {
      Optional<String> authKey = authKey(regKey);
      if (authKey.isPresent()) {
        return Optional.of(new Match(regKey, authKey.get()));
      }
      regKey = LAST_STEP.matcher(regKey).replaceFirst("");
    }
    return Optional.empty();
  }

  /** WHATWG {@code URL.host}: the host, and the port only when it is not the scheme's default. */
  static String hostKey(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  private Optional<String> authKey(String regKey) {
    if (has(regKey + ":_authToken")) {
      return Optional.of("_authToken");
    }
    if (has(regKey + ":_auth")) {
      return Optional.of("_auth");
    }
    if (has(regKey + ":username") && has(regKey + ":_password")) {
      return Optional.of("username");
    }
    if (has(regKey + ":certfile") && has(regKey + ":keyfile")) {
      return Optional.of("certfile");
    }
    return Optional.empty();
  }

  private boolean has(String key) {
    Value v = keys.get(key);
    return v != null && !v.text().isEmpty();
  }

  /**
   * @npmcli/config's env-replace: {@code ${NAME}} from the environment, {@code \${NAME}} literal. A
   * variable that is unset or empty stays as written and is reported in {@code unset}.
   */
  static String expand(String s, Map<String, String> env, List<String> unset) {
    Matcher m = ENV_EXPR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String esc = m.group(1);
      String name = m.group(2);
      String replacement;
      if (esc.length() % 2 == 1) {
        replacement = m.group().substring((esc.length() + 1) / 2);
      } else {
        String val = env.get(name);
        if (val == null || val.isEmpty()) { // airlock counts an empty variable as unset (npm would use "")
          unset.add(name);
          val = "${" + name + "}";
        }
        replacement = esc.substring(esc.length() / 2) + val;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The ini package's {@code unsafe}: quoted values are JSON strings, others end at ; or #. */
  static String unsafe(String raw) {
    String val = raw == null ? "" : raw.strip();
    boolean dq = val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"");
    boolean sq = val.length() >= 2 && val.startsWith("'") && val.endsWith("'");
    if (dq || sq) {
      if (sq) {
        val = val.substring(1, val.length() - 1);
      }
      try {
        Object parsed = JSON.readValue(val, Object.class);
        return parsed == null ? "null" : parsed.toString();
      } catch (JsonProcessingException e) {
        return val;
      }
    }
    StringBuilder unesc = new StringBuilder();
    boolean esc = false;
    for (int i = 0; i < val.length(); i++) {
      char c = val.charAt(i);
      if (esc) {
        if ("\\;#".indexOf(c) >= 0) {
          unesc.append(c);
        } else {
          unesc.append('\\').append(c);
        }
        esc = false;
      } else if (c == ';' || c == '#') {
        break;
      } else if (c == '\\') {
        esc = true;
      } else {
        unesc.append(c);
      }
    }
    if (esc) {
      unesc.append('\\');
    }
    return unesc.toString().strip();
  }
}
