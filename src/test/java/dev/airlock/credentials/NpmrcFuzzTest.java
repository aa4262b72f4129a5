package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile npmrc text: {@link Npmrc#parse} never throws, and {@link Npmrc#match} answers a URL only
 * with a key that is a prefix of that URL's own {@code //host[:port]/path}: a value is never picked
 * for another host or port, whatever the file says.
 */
class NpmrcFuzzTest {
  private static final String[] URLS = {
      "https://npm.example/", "https://npm.example/a/b/-/b-1.0.0.tgz", "https://npm.example:8443/a/",
      "https://other.example/npm.example/", "http://127.0.0.1:4873/@scope%2fpkg",
  };

  @FuzzTest(maxDuration = "2m")
  @Timeout(10)
  void npmrc(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Npmrc n = Npmrc.parse(text, "fuzz.npmrc", Map.of("TOKEN", "t"));
    for (String u : URLS) {
      HttpUrl url = HttpUrl.get(u);
      String own = "//" + Npmrc.hostKey(url) + url.encodedPath();
      n.match(url).ifPresent(m -> {
        assertTrue(own.startsWith(m.regKey()), m.regKey() + " is not a prefix of " + own);
        assertTrue(m.regKey().startsWith("//" + Npmrc.hostKey(url)) && m.regKey().length() >= 2 + Npmrc.hostKey(url).length(),
            "a key for another host answered " + own);
        String rest = m.regKey().substring(2 + Npmrc.hostKey(url).length());
        assertTrue(rest.isEmpty() || rest.startsWith("/"), "a key for another host or port answered " + own);
      });
    }
  }
}
