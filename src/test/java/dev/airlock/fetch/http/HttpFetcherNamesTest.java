package dev.airlock.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The file name a plain download gets: the URL's last segment when every platform reads it as one name. */
class HttpFetcherNamesTest {
  @Test
  void keepsAnOrdinaryNameAndSavesEverythingElseAsDownload() {
    assertEquals("app-1.2.tar.gz", HttpFetcher.safeFileName("app-1.2.tar.gz"));
    assertEquals("résumé v2.pdf", HttpFetcher.safeFileName("résumé v2.pdf"));
    for (String odd : new String[] {"", ".", "..", ".env", "a/b", "a\\b", "notes:", "c:x", "tab\there", "name.",
        "name ", "CON", "nul.txt", "COM1", ".git", "GIT~1"}) {
      assertEquals("download", HttpFetcher.safeFileName(odd), "[" + odd + "]");
    }
  }
}
