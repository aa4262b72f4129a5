package dev.airlock.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Unique secret values and the assertion that none of their forms appears anywhere. */
public final class Canary {
  private Canary() {}

  public static String next(String kind) {
    return "CANARY-" + kind + "-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Raw, URL-encoded, base64 of the value and of {@code user:value} for each given user. */
  public static List<String> forms(String value, String... users) {
    List<String> f = new ArrayList<>();
    f.add(value);
    f.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    f.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    f.add(Base64.getEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    for (String u : users) {
      f.add(Base64.getEncoder().encodeToString((u + ":" + value).getBytes(StandardCharsets.UTF_8)));
    }
    return f;
  }

  public static void assertAbsent(String where, String text, List<String> forms) {
    for (String form : forms) {
      if (text.contains(form)) {
        fail("a secret leaked into " + where + " (form " + forms.indexOf(form) + ")");
      }
    }
  }

  /** Every regular file under {@code root} (and {@code root} itself if a file). */
  public static void assertAbsentInTree(Path root, List<String> forms) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          assertAbsent(p.toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1), forms);
        }
      }
    }
  }
}
