package dev.airlock.net;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.HttpUrl;

/** A small response read into memory: where it came from after redirects, its type and body. */
public record Document(HttpUrl finalUrl, String contentType, byte[] body) {
  /** The media type, lower case, without parameters ({@code text/html}). */
  public String mediaType() {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
