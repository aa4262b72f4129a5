package dev.airlock.fetch.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.net.Document;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** File names from PEP 503 links are percent-decoded exactly once (found by PypiIndexFuzzTest). */
class SimpleIndexParserTest {
  static final HttpUrl PAGE = HttpUrl.get("https://pypi.example/simple/torch/");

  static List<String> names(String html) {
    Document d = new Document(PAGE, "text/html", html.getBytes(StandardCharsets.UTF_8));
    return new SimpleIndexParser(new ObjectMapper()).parse("t", d).stream().map(IndexFile::fileName).toList();
  }

  @Test
  void anEncodedPlusOfALocalVersionStaysAPlus() {
    // It used to be decoded twice: %2B -> + -> space, so torch 2.1.0+cpu never matched.
    assertEquals(List.of("torch-2.1.0+cpu-cp311-cp311-linux_x86_64.whl"),
        names("<a href=\"/f/torch-2.1.0%2Bcpu-cp311-cp311-linux_x86_64.whl\">x</a>"));
  }

  @Test
  void aMalformedEscapeIsNotAnInternalError() {
    // It used to throw IllegalArgumentException out of URLDecoder.
    assertEquals(List.of("a%zz.whl"), names("<a href=\"/f/a%zz.whl\">x</a>"));
  }

  @Test
  void anEncodedSlashDecodedOnceStaysInTheName() {
    // Decoding twice turned %252F into a '/', i.e. a path separator in a file name.
    assertEquals(List.of("..%2F..%2Fpkg-1.0.tar.gz"), names("<a href=\"/f/..%252F..%252Fpkg-1.0.tar.gz\">x</a>"));
  }
}
