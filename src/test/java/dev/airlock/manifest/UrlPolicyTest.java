package dev.airlock.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

  private static List<String> problems(String url) {
    return UrlPolicy.check(url).problems();
  }

  private static void assertNoValueIn(String url, String secret) {
    for (String p : problems(url)) {
      assertFalse(p.contains(secret), () -> "problem repeats a secret: " + p);
    }
  }

  @Test
  void acceptsHttpsAndStoresOkHttpsCanonicalForm() {
    UrlPolicy.Result r = UrlPolicy.check("HTTPS://Artifacts.Corp.Example:443/models/v3.bin?version=3");
    assertEquals(List.of(), r.problems());
    assertEquals("https://artifacts.corp.example/models/v3.bin?version=3", r.url().orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://localhost:8080/f", "http://127.0.0.1/f", "http://127.255.0.9:1/f", "http://[::1]:9000/f"})
  void acceptsPlainHttpOnlyToLoopback(String url) {
    assertEquals(List.of(), problems(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://example.com/f", "http://127.evil.example/f", "http://127.0.0.1.evil.example/f",
      "http://localhost.evil.example/f", "http://10.0.0.1/f", "ftp://example.com/f"})
  void refusesCleartextAndOtherSchemes(String url) {
    assertEquals(List.of(UrlPolicy.MUST_BE_HTTPS), problems(url));
  }

  @Test
  void refusesUserAndPasswordWithoutRepeatingThem() {
    String url = "https://deploy:s3cr3t-PW@artifacts.example/f";
    assertEquals(List.of(UrlPolicy.NO_USERINFO), problems(url));
    assertNoValueIn(url, "s3cr3t-PW");
    assertNoValueIn(url, "deploy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://deploy@artifacts.example/f", "https://@artifacts.example/f"})
  void refusesAnyUserInfo(String url) {
    assertEquals(List.of(UrlPolicy.NO_USERINFO), problems(url));
  }

  @Test
  void cleartextWithCredentialsGetsBothProblems() { // SECURITY case 31
    assertEquals(List.of(UrlPolicy.NO_USERINFO, UrlPolicy.MUST_BE_HTTPS),
        problems("http://user:tok@git.example/r.git"));
  }

  @Test
  void refusesBackslashBeforeAtSign() { // SECURITY case 11: good.example to OkHttp, evil.example to JGit
    assertEquals(
        List.of("backslashes are not allowed in URLs (parsers disagree on where the host ends)"),
        problems("https://good.example\\@evil.example/"));
  }

  @Test
  void refusesAtSignAfterFragment() { // SECURITY case 11, the reverse reading
    assertEquals(List.of(
            "'@' is allowed only in the path (elsewhere parsers disagree on the host)",
            "fragments (#…) are not allowed"),
        problems("https://evil.example#@good.example/"));
  }

  @Test
  void allowsAtSignInPathForNpmScopes() {
    assertEquals(List.of(), problems("https://npm.corp.example/@corp/ui-kit/-/ui-kit-3.2.1.tgz"));
  }

  @Test
  void refusesFragment() {
    assertEquals(List.of("fragments (#…) are not allowed"), problems("https://example.com/f#part"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "token", "access_token", "private_token", "api_key", "apikey", "key", "password", "passwd", "pwd",
      "secret", "sig", "signature", "auth", "X-Amz-Signature", "X-Amz-Credential", "X-Goog-Signature",
      "code", "PRIVATE_TOKEN", "X-Amz-Security-Token", "client_secret"})
  void refusesCredentialQueryParametersNamingOnlyTheName(String name) { // SECURITY case 36
    String url = "https://example.com/f?v=1&" + name + "=VALUE-9f8e7d";
    assertEquals(List.of("query parameter '" + name + "' looks like a credential; use a credentials entry instead"),
        problems(url));
    assertNoValueIn(url, "VALUE-9f8e7d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tokenghp_16C7e42F292c6912E7710c838347Ae178B4a", "access_token_ghp_16C7e42F292c6912E7710c838347Ae178B4a",
      "access_token:ghp_16C7e42F292c6912E7710c838347Ae178B4a", "secretAKIAQWERTYUIOPASDFGH"})
  void round3_aParameterNameThatHoldsATokenIsRefusedWithoutEchoingIt(String name) {
    String url = "https://example.com/f?v=1&" + name + "=x";
    assertEquals(List.of("a query parameter looks like a credential (its name is not shown: it may contain one); "
        + "use a credentials entry instead"), problems(url));
    assertNoValueIn(url, name.substring(name.length() - 20));
  }

  @Test
  void decodesPercentEncodedParameterNames() {
    assertEquals(List.of("query parameter 'private_token' looks like a credential; use a credentials entry instead"),
        problems("https://example.com/f?private%5Ftoken=x"));
  }

  @Test
  void allowsOrdinaryQueryParameters() {
    assertEquals(List.of(), problems("https://example.com/f?version=3&format=tar.gz&keyword=x"));
  }

  @Test
  void acceptsIpLiteralsBothParsersReadAsTheSameAddress() {
    // java.net.URI keeps the IPv4-mapped form, OkHttp turns it into 127.0.0.1: same address
    assertEquals(List.of(), problems("http://[::ffff:127.0.0.1]/f"));
    assertTrue(UrlPolicy.check("http://[0:0:0:0:0:0:0:1]/f").ok());
  }

  @Test
  void originsMustAgreeOnSchemeHostAndPort() {
    URI uri = URI.create("https://a.example/f");
    assertTrue(UrlPolicy.sameOrigin(uri, HttpUrl.get("https://A.example:443/g")));
    assertFalse(UrlPolicy.sameOrigin(uri, HttpUrl.get("https://b.example/f")));
    assertFalse(UrlPolicy.sameOrigin(uri, HttpUrl.get("https://a.example:8443/f")));
    assertFalse(UrlPolicy.sameOrigin(uri, HttpUrl.get("http://a.example:443/f")));
    assertFalse(UrlPolicy.sameOrigin(URI.create("https://[::1]/"), HttpUrl.get("https://localhost/")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://my_host.example/f", "https://ex%61mple.com/f", "https://bücher.example/"})
  void refusesHostsJavaNetUriCannotRead(String url) {
    assertEquals(List.of("does not have a valid host name (write international names in punycode)"), problems(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/f", "https:example.com", "//example.com/f", "file:///etc/passwd"})
  void refusesRelativeAndOpaque(String url) {
    assertEquals(List.of("must be an absolute URL such as https://host/path"), problems(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/a b", " https://example.com/", "https://example.com/\n"})
  void refusesWhitespace(String url) {
    assertEquals(List.of("must not contain spaces or control characters"), problems(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://host.example/x%0dhost=evil.example%0dx=/f.txt", "https://host.example/a%0Ab", "https://host.example/a%00",
      "https://host.example/%1b%5B31m/f", "https://host.example/a%7f/f", "https://host.example/a%09b",
      "http://127.0.0.1:8080/x%0dhost=evil.example/f"})
  void refusesPercentEncodedControlCharactersInThePath(String url) { // CVE-2024-50338 class
    assertEquals(List.of(UrlPolicy.NO_ENCODED_CONTROL), problems(url));
    assertNoValueIn(url, "evil.example");
  }

  @Test
  void allowsOtherPercentEncodingsInThePath() {
    assertEquals(List.of(), problems("https://host.example/a%20b/%C3%A9t%C3%A9/%2F/f.txt"));
  }

  @Test
  void refusesBadPortAndEmpty() {
    assertEquals(List.of("not a valid URL (check the host and port)"), problems("https://example.com:99999/"));
    assertEquals(List.of("must not be empty"), problems(""));
  }

  @Test
  void loopbackIsExact() {
    assertTrue(UrlPolicy.isLoopback("localhost"));
    assertTrue(UrlPolicy.isLoopback("127.0.0.1"));
    assertTrue(UrlPolicy.isLoopback("::1"));
    assertFalse(UrlPolicy.isLoopback("127.evil.example"));
    assertFalse(UrlPolicy.isLoopback("127.0.0.256"));
    assertFalse(UrlPolicy.isLoopback("localhost.example"));
  }
}
