package dev.airlock.fetch.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.error.ControlChars;
import dev.airlock.error.FetchException;
import dev.airlock.net.Document;
import dev.airlock.net.Urls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Reads a Simple API project page: PEP 691 JSON or PEP 503 HTML, chosen by the response's content
 * type. Links are resolved against the page's final URL (and an HTML {@code <base href>}); a
 * {@code #sha256=} fragment or the JSON {@code hashes.sha256} gives the hash.
 */
final class SimpleIndexParser {
  static final String JSON = "application/vnd.pypi.simple.v1+json";
  static final String HTML = "application/vnd.pypi.simple.v1+html";
  /** pip's Accept header: JSON preferred, PEP 503 HTML as the fallback. */
  static final String ACCEPT = JSON + ", " + HTML + "; q=0.1, text/html; q=0.01";
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

  private final ObjectMapper json;

  SimpleIndexParser(ObjectMapper json) {
    this.json = json;
  }

  List<IndexFile> parse(String what, Document page) {
    String type = page.mediaType();
    if (type.equals(JSON)) {
      return parseJson(what, page);
    }
    if (type.equals(HTML) || type.equals("text/html")) {
      return parseHtml(what, page);
    }
    throw new FetchException(what + ": " + Urls.redact(page.finalUrl()) + " answered with "
        + (type.isEmpty() ? "no content type" : ControlChars.escape(type)) + ", not a simple index page (PEP 691 JSON or PEP 503 HTML)");
  }

  private List<IndexFile> parseJson(String what, Document page) {
    JsonNode root;
    try {
      root = json.readTree(page.body());
    } catch (IOException e) {
      throw new FetchException(what + ": " + Urls.redact(page.finalUrl()) + " is not valid JSON");
    }
    String api = root.path("meta").path("api-version").asText("");
    if (!api.startsWith("1.")) {
      throw new FetchException(what + ": " + Urls.redact(page.finalUrl())
          + " uses simple API version '" + ControlChars.escape(api) + "'; airlock reads version 1.x");
    }
    List<IndexFile> out = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      String name = f.path("filename").asText("");
      Optional<HttpUrl> url = resolve(page.finalUrl(), f.path("url").asText(""));
      if (name.isEmpty() || url.isEmpty()) {
        continue;
      }
      String sha = f.path("hashes").path("sha256").asText("");
      JsonNode yanked = f.path("yanked");
      boolean isYanked = yanked.isTextual() || yanked.asBoolean(false);
      out.add(new IndexFile(name, url.get(), hash(sha), isYanked));
    }
    return out;
  }

  private List<IndexFile> parseHtml(String what, Document page) {
    org.jsoup.nodes.Document doc = Jsoup.parse(page.text(), "");
    if (!doc.select("input[type=password]").isEmpty()) {
      throw new FetchException(what + ": " + Urls.redact(page.finalUrl())
          + " returned a login page, not a simple index (check the credentials)");
    }
    HttpUrl base = page.finalUrl();
    Element baseTag = doc.selectFirst("base[href]");
    if (baseTag != null) {
      base = resolve(base, baseTag.attr("href")).orElse(base);
    }
    List<IndexFile> out = new ArrayList<>();
    for (Element a : doc.select("a[href]")) {
      Optional<HttpUrl> link = resolve(base, a.attr("href"));
      if (link.isEmpty()) {
        continue;
      }
      String fragment = Optional.ofNullable(link.get().fragment()).orElse("");
      Optional<String> sha = fragment.toLowerCase(Locale.ROOT).startsWith("sha256=")
          ? hash(fragment.substring(7)) : Optional.empty();
      HttpUrl url = link.get().newBuilder().fragment(null).build();
      String name = Urls.fileName(url, ""); // path segments are already percent-decoded, once
      out.add(new IndexFile(name, url, sha, a.hasAttr("data-yanked")));
    }
    return out;
  }

  /** An absolute http(s) link, or empty for anything else (mailto:, javascript:, garbage). */
  static Optional<HttpUrl> resolve(HttpUrl base, String href) {
    if (href.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(base.resolve(href.strip()));
  }

  private static Optional<String> hash(String hex) {
    return HEX64.matcher(hex).matches() ? Optional.of(hex.toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
