package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** npm's rules for which npmrc auth goes with a request URL (npm-registry-fetch's getAuth, @npmcli/config). */
class NpmrcTest {
  @TempDir Path home;
  @TempDir Path project;
  final List<String> warnings = new ArrayList<>();
  final SecretRegistry registry = new SecretRegistry();

  static Npmrc parse(String text, Map<String, String> env) {
    return Npmrc.parse(text, ".npmrc", env);
  }

  static Optional<String> regKey(Npmrc n, String url) {
    return n.match(HttpUrl.get(url)).map(Npmrc.Match::regKey);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  Map<String, Secret> headers(Npmrc n, String registryUrl, String url) {
    return new NpmrcAuth("npm", n, HttpUrl.get(registryUrl), registry).headersFor(HttpUrl.get(url), true);
  }

  String authorization(Npmrc n, String registryUrl, String url) {
    return Optional.ofNullable(headers(n, registryUrl, url).get("Authorization")).map(Secret::reveal).orElse(null);
  }

  static final String FILE = """
      registry=https://registry.npmjs.org/
      @corp:registry=https://npm.corp.example/scoped/
      //npm.corp.example/:_authToken=host-wide
      //npm.corp.example/scoped/:_authToken=scoped-path
      //npm.corp.example/scoped/deep/:_authToken=deeper
      //npm.corp.example:8443/:_authToken=port-8443
      //npm.corp.example/nested/reg:_authToken=no-slash
      """;

  @ParameterizedTest
  @CsvSource({
      "https://npm.corp.example/pkg, //npm.corp.example/",
      "https://npm.corp.example/scoped/, //npm.corp.example/scoped/",
      "https://npm.corp.example/scoped/@corp%2fui, //npm.corp.example/scoped/",
      "https://npm.corp.example/scoped/deep/x/-/x-1.0.0.tgz, //npm.corp.example/scoped/deep/",
      "https://npm.corp.example/scopedX/, //npm.corp.example/",
      "https://npm.corp.example:8443/pkg, //npm.corp.example:8443/",
      "https://npm.corp.example:443/pkg, //npm.corp.example/",
      "https://npm.corp.example/nested/reg/pkg, //npm.corp.example/nested/reg",
      "https://npm.corp.example/nested/registry, //npm.corp.example/",
  })
  void theLongestKeyPrefixOfTheUrlWins(String url, String key) {
    assertEquals(Optional.of(key), regKey(parse(FILE, Map.of()), url));
  }

  @Test
  void otherHostsAndPortsGetNothing() {
    Npmrc n = parse(FILE, Map.of());
    assertEquals(Optional.empty(), regKey(n, "https://registry.npmjs.org/pkg"));
    assertEquals(Optional.empty(), regKey(n, "https://npm.corp.example:9999/pkg"));
    assertEquals(Optional.empty(), regKey(n, "https://evil.example/npm.corp.example/"));
    assertEquals(Optional.empty(), regKey(n, "https://npm.corp.example.evil.example/"));
  }

  @Test
  void withinAKeyTheTokenBeatsAuthBeatsUsernameAndPassword() {
    String both = "//r.example/:username=bob\n//r.example/:_password=" + b64("pw1") + "\n"
        + "//r.example/:_auth=" + b64("al:pw2") + "\n";
    assertEquals("Basic " + b64("al:pw2"), authorization(parse(both, Map.of()), "https://r.example/", "https://r.example/p"));
    assertEquals("Bearer t", authorization(parse(both + "//r.example/:_authToken=t\n", Map.of()),
        "https://r.example/", "https://r.example/p"));
    String userOnly = "//r.example/:username=bob\n//r.example/:_password=" + b64("p@ss:wörd") + "\n";
    assertEquals("Basic " + b64("bob:p@ss:wörd"), authorization(parse(userOnly, Map.of()),
        "https://r.example/", "https://r.example/p"), "_password is base64 and decoded as npm does");
    assertEquals(Optional.empty(), regKey(parse("//r.example/:username=bob\n", Map.of()), "https://r.example/"),
        "a username without _password is no auth");
  }

  @Test
  void aLongerKeyWithOnlyAUsernameDoesNotHideAShorterToken() {
    Npmrc n = parse("//r.example/:_authToken=t\n//r.example/deep/:username=bob\n", Map.of());
    assertEquals(Optional.of("//r.example/"), regKey(n, "https://r.example/deep/p"));
  }

  @Test
  void variablesAreExpandedInKeysAndValuesAndEscapedOnesAreNot() {
    Map<String, String> env = Map.of("NPM_TOKEN", "from-env", "HOST", "r.example");
    Npmrc n = parse("//${HOST}/:_authToken=${NPM_TOKEN}\n//lit.example/:_authToken=\\${NPM_TOKEN}\n", env);
    assertEquals("Bearer from-env", authorization(n, "https://r.example/", "https://r.example/x"));
    assertEquals("Bearer ${NPM_TOKEN}", authorization(n, "https://lit.example/", "https://lit.example/x"));
  }

  @Test
  void anUnsetVariableIsAClearErrorNotALiteralToken() {
    Npmrc n = parse("//r.example/:_authToken=${NOT_SET}\n", Map.of());
    UsageException e = assertThrows(UsageException.class,
        () -> headers(n, "https://r.example/", "https://r.example/x"));
    assertEquals("credential 'npm': npmrc .npmrc:1 uses ${NOT_SET}, which is not set in the environment",
        e.getMessage());
  }

  @Test
  void iniQuotingCommentsSectionsAndLaterDuplicates() {
    Npmrc n = parse("""
        ; a comment
        # another
        //a.example/:_authToken = "quoted;not-a-comment"
        //b.example/:_authToken=plain ; trailing comment
        //c.example/:_authToken=first
        //c.example/:_authToken=second
        //e.example/:_authToken=esc\\;aped
        [section]
        //d.example/:_authToken=in-a-section
        """, Map.of());
    assertEquals("Bearer quoted;not-a-comment", authorization(n, "https://a.example/", "https://a.example/"));
    assertEquals("Bearer plain", authorization(n, "https://b.example/", "https://b.example/"));
    assertEquals("Bearer second", authorization(n, "https://c.example/", "https://c.example/"));
    assertEquals("Bearer esc;aped", authorization(n, "https://e.example/", "https://e.example/"));
    assertEquals(Optional.empty(), regKey(n, "https://d.example/"), "keys of a [section] are not top-level config");
  }

  @Test
  void aTarballOnTheRegistryHostButOutsideItsPathGetsTheRegistrysAuth() {
    Npmrc n = parse("//npm.corp.example/registry/:_authToken=reg\n", Map.of());
    String registryUrl = "https://npm.corp.example/registry/";
    assertEquals("Bearer reg", authorization(n, registryUrl, "https://npm.corp.example/files/x-1.0.0.tgz"));
    assertEquals(null, authorization(n, registryUrl, "https://cdn.example/npm.corp.example/registry/x.tgz"),
        "another host gets nothing");
    assertEquals(null, authorization(n, registryUrl, "https://npm.corp.example:8443/files/x.tgz"),
        "another port is another host");
  }

  @Test
  void neverOverPlainHttpExceptLoopback() {
    Npmrc n = parse("//npm.corp.example/:_authToken=t\n//127.0.0.1:8080/:_authToken=local\n", Map.of());
    assertEquals(null, authorization(n, "https://npm.corp.example/", "http://npm.corp.example/x"));
    assertEquals("Bearer local", authorization(n, "http://127.0.0.1:8080/", "http://127.0.0.1:8080/x"));
  }

  @Test
  void everyAuthValueIsRegisteredForScrubbing() {
    Npmrc n = parse("//a.example/:_authToken=tok-aaaa\n//b.example/:_auth=" + b64("al:pw-bbbb") + "\n"
        + "//c.example/:username=cy\n//c.example/:_password=" + b64("pw-cccc") + "\n", Map.of());
    NpmrcAuth.values(n).forEach(v -> v.registerWith(registry));
    String scrubbed = registry.scrub("tok-aaaa pw-bbbb pw-cccc " + b64("cy:pw-cccc") + " " + b64("al:pw-bbbb"));
    assertFalse(scrubbed.contains("aaaa") || scrubbed.contains("bbbb") || scrubbed.contains("cccc"), scrubbed);
  }

  // --- which files: project .npmrc beside the manifest, then $NPM_CONFIG_USERCONFIG or ~/.npmrc

  Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  NpmrcLoader.Loaded load(Map<String, String> env, Optional<Path> explicit) {
    return NpmrcLoader.load(new Environment(env, home, project), explicit, project, warnings::add);
  }

  String token(NpmrcLoader.Loaded l, String url) {
    return authorization(l.npmrc(), url, url);
  }

  @Test
  void theProjectFileWinsKeyByKeyButTheLongestPrefixStillDecides() throws Exception {
    write(project.resolve(".npmrc"), "//r.example/:_authToken=project\n");
    write(home.resolve(".npmrc"), "//r.example/:_authToken=user\n//r.example/deep/:_authToken=user-deep\n"
        + "//other.example/:_authToken=user-other\n");
    NpmrcLoader.Loaded l = load(Map.of(), Optional.empty());
    assertEquals(List.of(project.resolve(".npmrc"), home.resolve(".npmrc")), l.files());
    assertEquals("Bearer project", token(l, "https://r.example/x"));
    assertEquals("Bearer user-deep", token(l, "https://r.example/deep/x"));
    assertEquals("Bearer user-other", token(l, "https://other.example/x"));
  }

  @Test
  void npmConfigUserconfigNamesTheUserFileInAnyCase() throws Exception {
    write(home.resolve(".npmrc"), "//r.example/:_authToken=home\n");
    Path ci = write(home.resolve("ci/npmrc"), "//r.example/:_authToken=ci\n");
    assertEquals("Bearer ci", token(load(Map.of("NPM_CONFIG_USERCONFIG", ci.toString()), Optional.empty()),
        "https://r.example/"));
    assertEquals("Bearer ci", token(load(Map.of("npm_config_userconfig", ci.toString()), Optional.empty()),
        "https://r.example/"));
    assertEquals("Bearer home", token(load(Map.of("NPM_CONFIG_USERCONFIG", ""), Optional.empty()),
        "https://r.example/"), "an empty variable is unset");
  }

  @Test
  void aNamedFileReplacesBothAndMustExist() throws Exception {
    write(project.resolve(".npmrc"), "//r.example/:_authToken=project\n");
    Path named = write(home.resolve("named.npmrc"), "//r.example/:_authToken=named\n");
    NpmrcLoader.Loaded l = load(Map.of(), Optional.of(named));
    assertEquals(List.of(named), l.files());
    assertEquals("Bearer named", token(l, "https://r.example/"));
    assertThrows(UsageException.class, () -> load(Map.of(), Optional.of(home.resolve("missing"))));
  }

  @Test
  void aFileOthersMayReadIsIgnoredWithAWarningAsANetrcIs() throws Exception {
    Path user = write(home.resolve(".npmrc"), "//r.example/:_authToken=user\n");
    Path proj = write(project.resolve(".npmrc"), "//r.example/:_authToken=leaky\n");
    Files.setPosixFilePermissions(proj, PosixFilePermissions.fromString("rw-r--r--"));
    NpmrcLoader.Loaded l = load(Map.of(), Optional.empty());
    assertEquals(List.of(user), l.files());
    assertEquals("Bearer user", token(l, "https://r.example/"));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(proj.toString()) && warnings.get(0).contains("chmod 600"), warnings.get(0));
    assertFalse(warnings.get(0).contains("leaky"));
  }
}
