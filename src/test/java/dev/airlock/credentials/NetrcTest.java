package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.AirlockException;
import dev.airlock.error.UsageException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetrcTest {
  private static final String FILE = "test.netrc";
  private static final Optional<String> NO_USER = Optional.empty();

  private static Netrc parse(String text) {
    return Netrc.parse(text, FILE);
  }

  private static UsageException rejected(String text) {
    return assertThrows(UsageException.class, () -> parse(text));
  }

  /** Login and password of the entry lookup returns, as "login:password" ("-" for absent). */
  private static String creds(Netrc netrc, String host, Optional<String> user, boolean allowDefault) {
    return netrc.lookup(host, user, allowDefault)
        .map(e -> e.login().orElse("-") + ":" + e.password().map(Secret::reveal).orElse("-"))
        .orElse("none");
  }

  private static String creds(Netrc netrc, String host) {
    return creds(netrc, host, NO_USER, false);
  }

  // --- the .netrc security cases (docs/security-cases.md) ---

  @Test
  void case1_eachMachineStartsAFreshRecord() {
    Netrc netrc = parse("machine a password PW-A\nmachine b login bob password PW-B\n");
    assertEquals("bob:PW-B", creds(netrc, "b"));
    assertEquals("-:PW-A", creds(netrc, "a"));
  }

  @Test
  void case1_incompleteEntryDoesNotLendItsLoginOrPassword() {
    Netrc netrc = parse("machine a login alice\nmachine b password PW-B\n");
    assertEquals("-:PW-B", creds(netrc, "b"));
    assertEquals("alice:-", creds(netrc, "a"));
  }

  @Test
  void case3_hostMatchIsCaseInsensitive() {
    Netrc netrc = parse("machine EXAMPLE.com login u password p");
    assertEquals("u:p", creds(netrc, "example.com"));
    assertEquals("u:p", creds(netrc, "Example.COM"));
    assertEquals("none", creds(netrc, "example.org"));
  }

  @Test
  void case4_quotedPasswordWithEscapedNewlineIsRejected() {
    UsageException e = rejected("machine h login u\npassword \"p a\\\"ss\\n\"\n");
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
    assertTrue(e.getMessage().contains("control character"), e.getMessage());
    assertFalse(e.getMessage().contains("p a"), e.getMessage());
    assertEquals(AirlockException.USAGE, e.exitCode());
  }

  @Test
  void case5_hashInsideATokenIsLiteral() {
    Netrc netrc = parse("machine h login u password #notacomment\n");
    assertEquals("u:#notacomment", creds(netrc, "h"));
  }

  @Test
  void case5_fullLineCommentIsIgnored() {
    Netrc netrc = parse("# machine x password y\n  \t# machine z password w\nmachine h password p\n");
    assertEquals("none", creds(netrc, "x"));
    assertEquals("none", creds(netrc, "z"));
    assertEquals(1, netrc.entries().size());
  }

  @Test
  void case5_commentInsideAnEntryDoesNotEndIt() {
    Netrc netrc = parse("machine h\n# password nope\nlogin u\npassword p\n");
    assertEquals("u:p", creds(netrc, "h"));
  }

  @Test
  void case6_entryAcrossThreeLines() {
    Netrc netrc = parse("machine h\nlogin u\npassword p\n");
    assertEquals(1, netrc.entries().size());
    NetrcEntry e = netrc.entries().get(0);
    assertEquals(Optional.of("h"), e.machine());
    assertEquals(Optional.of("u"), e.login());
    assertEquals(Optional.of(Secret.of("p")), e.password());
    assertEquals(1, e.line());
  }

  @Test
  void case7_defaultOnlyWhenAllowed() {
    Netrc netrc = parse("machine known login k password K\ndefault login anon password D\n");
    assertEquals("none", creds(netrc, "unknown.example", NO_USER, false));
    assertEquals("anon:D", creds(netrc, "unknown.example", NO_USER, true));
    assertEquals("k:K", creds(netrc, "known", NO_USER, true));
  }

  @Test
  void case7_machineEntriesAreTriedBeforeAnEarlierDefault() {
    Netrc netrc = parse("default login anon password D\nmachine h login u password p\n");
    assertEquals("u:p", creds(netrc, "h", NO_USER, true));
  }

  @Test
  void case7_defaultWithoutPasswordMatchesNothing() {
    Netrc netrc = parse("default login anon\n");
    assertEquals("none", creds(netrc, "any.example", NO_USER, true));
  }

  @Test
  void case7_defaultDoesNotStandInForAKnownHostWhoseUserDiffers() {
    Netrc netrc = parse("machine h login alice password A\ndefault password D\n");
    assertEquals("none", creds(netrc, "h", Optional.of("bob"), true));
  }

  @Test
  void case9_conflictingDuplicatesAreRejectedWithFileAndLines() {
    UsageException e = rejected(
        "machine h login u password FIRST-SECRET\n\nmachine H login u password SECOND-SECRET\n");
    String m = e.getMessage();
    assertTrue(m.startsWith(FILE + ":"), m);
    assertTrue(m.contains("lines 1 and 3"), m);
    assertFalse(m.contains("SECRET"), m);
  }

  @Test
  void case9_conflictWithoutLoginIsRejected() {
    UsageException e = rejected("machine h password ONE\nmachine h password TWO\n");
    assertTrue(e.getMessage().contains("lines 1 and 2"), e.getMessage());
  }

  @Test
  void case9_conflictBetweenPasswordAndNoPasswordIsRejected() {
    rejected("machine h login u password ONE\nmachine h login u\n");
  }

  @Test
  void case9_conflictDetectedAcrossIdnaSpellings() {
    rejected("machine bücher.example password ONE\nmachine XN--BCHER-KVA.example password TWO\n");
  }

  @Test
  void case9_identicalDuplicatesAreFineAndFirstWins() {
    Netrc netrc = parse("machine h login u password p\nmachine h login u password p\n");
    assertEquals(1, netrc.lookup("h", NO_USER, false).orElseThrow().line());
  }

  @Test
  void case9_differentLoginsForOneHostAreNotAConflict() {
    Netrc netrc = parse("machine h login alice password A\nmachine h login bob password B\n");
    assertEquals("alice:A", creds(netrc, "h"));
    assertEquals("bob:B", creds(netrc, "h", Optional.of("bob"), false));
  }

  // --- tokens and keywords ---

  @Test
  void quotedStringsWithEscapesAndBlanks() {
    Netrc netrc = parse("machine h login \"john doe\" password \"a \\\"b\\\\c #d\"\n");
    assertEquals("john doe:a \"b\\c #d", creds(netrc, "h"));
  }

  @Test
  void quotedKeywordIsAValue() {
    Netrc netrc = parse("machine h login \"machine\" password \"default\"\n");
    assertEquals("machine:default", creds(netrc, "h"));
  }

  @Test
  void emptyQuotedPasswordIsKept() {
    Netrc netrc = parse("machine h login u password \"\"\n");
    assertEquals("u:", creds(netrc, "h"));
  }

  @Test
  void quoteInsideABareTokenIsLiteral() {
    assertEquals("-:pa\"ss", creds(parse("machine h password pa\"ss\n"), "h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "machine h password \"UNCLOSED-SECRET\n",
      "machine h password \"UNCLOSED-SECRET\r\nlogin u\n",
      "machine h password \"BAD-\\x-SECRET\"\n",
      "machine h password \"QUOTED\"TRAILING-SECRET\n",
      "machine h password \"ENDS-WITH-BACKSLASH-SECRET\\",
  })
  void malformedQuotingIsRejectedWithoutTheValue(String text) {
    UsageException e = rejected(text);
    assertTrue(e.getMessage().startsWith(FILE + ":1: "), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Netrc netrc = parse("MACHINE h LOGIN u Password p\nDeFaUlT LoGiN anon PASSWORD D\n");
    assertEquals("u:p", creds(netrc, "h"));
    assertEquals("anon:D", creds(netrc, "other", NO_USER, true));
  }

  @Test
  void portProtocolAccountAndUnknownTokensAreIgnored() {
    Netrc netrc = parse(
        "machine h port 443 protocol https account acct frobnicate login u password p\n");
    assertEquals("u:p", creds(netrc, "h"));
    assertEquals("none", creds(netrc, "443"));
    assertEquals("none", creds(netrc, "frobnicate"));
  }

  @Test
  void unquotedKeywordWhereAValueBelongsIsRejected() {
    // Otherwise "password" would take "default" as its value and the entry after it would vanish.
    UsageException e = rejected("machine a login u password\ndefault\n");
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
    assertTrue(e.getMessage().contains("keyword"), e.getMessage());
  }

  @Test
  void machineFollowedByAKeywordIsRejected() {
    UsageException e = rejected("machine\nlogin u password p\n");
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
  }

  @Test
  void keywordAtEndOfFileWithoutValueIsRejected() {
    UsageException e = rejected("machine h login u\npassword");
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
  }

  @Test
  void credentialsOutsideAnEntryAreRejected() {
    UsageException e = rejected("login u password SECRET\nmachine h\n");
    assertTrue(e.getMessage().startsWith(FILE + ":1: "), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void secondPasswordInOneEntryIsRejected() {
    UsageException e = rejected("machine h password ONE-SECRET password TWO-SECRET\n");
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void entryWithoutPasswordIsKept() {
    Netrc netrc = parse("machine h login u\n");
    NetrcEntry e = netrc.lookup("h", NO_USER, false).orElseThrow();
    assertEquals(Optional.of("u"), e.login());
    assertTrue(e.password().isEmpty());
  }

  @Test
  void emptyFileHasNoEntries() {
    assertEquals(List.of(), parse("").entries());
    assertEquals(List.of(), parse("\n# only a comment\n  \n").entries());
  }

  // --- control characters ---

  @ParameterizedTest
  @ValueSource(strings = {
      "machine h login u password \"SECRET\\r\"\n",
      "machine h login u password \"SEC\\tRET\"\n",
      "machine h login u password SEC\u0000RET\n",
      "machine h login u password SEC\u007fRET\n",
      "machine h login u password SEC\u001bRET\n",
      "machine h login \"SECRET\\n\" password p\n",
      "machine h login SEC\u0001RET password p\n",
  })
  void controlCharactersInLoginOrPasswordAreRejected(String text) {
    UsageException e = rejected(text);
    assertTrue(e.getMessage().startsWith(FILE + ":1: "), e.getMessage());
    assertTrue(e.getMessage().contains("control character"), e.getMessage());
    assertFalse(e.getMessage().contains("SEC"), e.getMessage());
  }

  // --- limits ---

  @Test
  void tokenOf4096CharactersIsAccepted() {
    String pw = "x".repeat(NetrcLexer.MAX_TOKEN_CHARS);
    assertEquals("-:" + pw, creds(parse("machine h password " + pw + "\n"), "h"));
  }

  @Test
  void tokenOver4096CharactersIsRejected() {
    UsageException e = rejected(
        "machine h\npassword SECRET" + "x".repeat(NetrcLexer.MAX_TOKEN_CHARS - 5));
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET") || e.getMessage().contains("xxx"), e.getMessage());
  }

  @Test
  void quotedTokenOver4096CharactersIsRejected() {
    rejected("machine h password \"" + "x".repeat(NetrcLexer.MAX_TOKEN_CHARS) + "\"\n");
  }

  @Test
  void fileOf128KibIsAcceptedAndOneByteMoreIsRejected() {
    String entry = "machine h password p\n";
    String padding = "#".repeat(Netrc.MAX_FILE_BYTES - entry.length() - 1) + "\n";
    assertEquals(Netrc.MAX_FILE_BYTES, (padding + entry).length());
    assertEquals("-:p", creds(parse(padding + entry), "h"));
    UsageException e = rejected(padding + entry + " ");
    assertTrue(e.getMessage().contains(FILE), e.getMessage());
  }

  @Test
  void fileLimitCountsUtf8Bytes() {
    // 43,691 three-byte characters: under the limit in chars, over it in bytes.
    String text = "# " + "€".repeat(Netrc.MAX_FILE_BYTES / 3 + 1) + "\n";
    assertTrue(text.length() < Netrc.MAX_FILE_BYTES);
    rejected(text);
  }

  // --- macdef ---

  @Test
  void macdefBodyIsSkippedUpToTheEmptyLine() {
    Netrc netrc = parse("machine a login u password p\n"
        + "macdef init\n"
        + "machine x password y\n"
        + "login evil password evil\n"
        + "\n"
        + "machine b password q\n");
    assertEquals("none", creds(netrc, "x"));
    assertEquals("u:p", creds(netrc, "a"));
    assertEquals("-:q", creds(netrc, "b"));
    assertEquals(2, netrc.entries().size());
    assertEquals(6, netrc.entries().get(1).line());
  }

  @Test
  void macdefBodyDoesNotEndAtAWhitespaceOnlyLine() {
    // curl and CPython end a macro only at an empty line; a blank-looking line stays inside it
    Netrc netrc = parse("machine a password p\nmacdef m\necho hi\n \t \nmachine x login evil password y\n\n"
        + "machine b password q\n");
    assertEquals("none", creds(netrc, "x"));
    assertEquals("none", creds(netrc, "x", NO_USER, true));
    assertEquals("-:q", creds(netrc, "b"));
    assertEquals(2, netrc.entries().size());
  }

  @Test
  void macdefBodyDoesNotEndAtAWhitespaceOnlyCrlfLine() {
    Netrc netrc = parse("macdef m\r\necho hi\r\n \r\nmachine x password y\r\n\r\nmachine b password q\r\n");
    assertEquals("none", creds(netrc, "x"));
    assertEquals("-:q", creds(netrc, "b"));
  }

  @Test
  void macdefWithoutEmptyLineConsumesToEndOfFile() {
    Netrc netrc = parse("machine a password p\nmacdef m\nmachine x password y\n");
    assertEquals("none", creds(netrc, "x"));
    assertEquals("none", creds(netrc, "x", NO_USER, true));
    assertEquals(1, netrc.entries().size());
  }

  @Test
  void restOfTheMacdefLineIsPartOfTheBody() {
    Netrc netrc = parse("macdef m machine x password y\n\n");
    assertEquals(List.of(), netrc.entries());
  }

  @Test
  void macdefNeedsANameOnItsLine() {
    UsageException e = rejected("machine a password p\nmacdef\n\nmachine x password y\n");
    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
  }

  // --- line endings and host names ---

  @Test
  void crlfLineEndings() {
    Netrc netrc = parse("machine h\r\nlogin u\r\npassword p\r\n"
        + "# comment\r\n"
        + "macdef m\r\nmachine x password y\r\n\r\n"
        + "machine \"q\"\r\npassword \"quoted\"\r\n");
    assertEquals("u:p", creds(netrc, "h"));
    assertEquals("none", creds(netrc, "x"));
    assertEquals("-:quoted", creds(netrc, "q"));
    assertEquals(8, netrc.entries().get(1).line());
  }

  @Test
  void idnaMachineMatchesPunycodeRequestHost() {
    Netrc netrc = parse("machine bücher.example login u password p\n");
    assertEquals("u:p", creds(netrc, "xn--bcher-kva.example"));
    assertEquals("u:p", creds(netrc, "BÜCHER.example"));
  }

  @Test
  void punycodeMachineMatchesUnicodeRequestHost() {
    Netrc netrc = parse("machine XN--BCHER-KVA.example login u password p\n");
    assertEquals("u:p", creds(netrc, "bücher.example"));
    assertEquals("none", creds(netrc, "bucher.example"));
  }

  @Test
  void idnaDeviationCharactersAreNotGuessed() {
    // IDNA2003 would turn faß into fass, a different host under IDNA2008 (which OkHttp follows).
    UsageException e = rejected("machine faß.example password p\n");
    assertTrue(e.getMessage().startsWith(FILE + ":1: "), e.getMessage());
    Netrc netrc = parse("machine fass.example password p\n");
    assertEquals("none", creds(netrc, "faß.example"));
    assertEquals("-:p", creds(netrc, "fass.example"));
  }

  @Test
  void leadingByteOrderMarkIsSkipped() {
    assertEquals("u:p", creds(parse("\uFEFFmachine h login u password p\n"), "h"));
  }

  @Test
  void invalidMachineNameIsRejected() {
    UsageException e = rejected("machine a..b password p\n");
    assertTrue(e.getMessage().startsWith(FILE + ":1: "), e.getMessage());
  }

  @Test
  void invalidRequestHostMatchesNothing() {
    assertEquals("none", creds(parse("machine h password p\n"), "a..b"));
  }

  // --- user named in the URL ---

  @Test
  void urlUserMustEqualLoginExactly() {
    Netrc netrc = parse("machine h login bob password B\n");
    assertEquals("bob:B", creds(netrc, "h", Optional.of("bob"), false));
    assertEquals("none", creds(netrc, "h", Optional.of("Bob"), false));
    assertEquals("none", creds(netrc, "h", Optional.of("alice"), false));
  }

  @Test
  void urlUserSkipsEntriesForOtherUsers() {
    Netrc netrc = parse("machine h login alice password A\nmachine h login bob password B\n");
    assertEquals("bob:B", creds(netrc, "h", Optional.of("bob"), false));
  }

  @Test
  void urlUserNeedsAPassword() {
    Netrc netrc = parse("machine h login bob\n");
    assertEquals("none", creds(netrc, "h", Optional.of("bob"), false));
  }

  @Test
  void passwordOnlyEntryAppliesToAnyUrlUser() {
    Netrc netrc = parse("machine h login alice password A\nmachine h password ANY\n");
    assertEquals("-:ANY", creds(netrc, "h", Optional.of("bob"), false));
    assertEquals("alice:A", creds(netrc, "h", Optional.of("alice"), false));
  }

  @Test
  void defaultAlsoFollowsTheUrlUserRule() {
    Netrc netrc = parse("default login anon password D\n");
    assertEquals("none", creds(netrc, "x", Optional.of("bob"), true));
    assertEquals("anon:D", creds(netrc, "x", Optional.of("anon"), true));
  }

  @Test
  void emptyUrlUserCountsAsNoUser() {
    Netrc netrc = parse("machine h login bob password B\n");
    assertEquals("bob:B", creds(netrc, "h", Optional.of(""), false));
  }

  // --- no value ever printed ---

  @Test
  void entryToStringHidesThePassword() {
    NetrcEntry e = parse("machine h login u password TOP-SECRET-PW\n").entries().get(0);
    String s = e.toString();
    assertFalse(s.contains("TOP-SECRET-PW"), s);
    assertTrue(s.contains("****"), s);
    assertTrue(s.contains("machine=h"), s);
  }

  @Test
  void entryToStringWithoutPasswordSaysSo() {
    String s = parse("default login u\n").entries().get(0).toString();
    assertTrue(s.contains("default") && s.contains("password=(none)"), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "machine h password \"VALUE-42\\n\"\n",
      "machine h password VALUE-42 password VALUE-42b\n",
      "machine h login u password VALUE-42\nmachine h login u password VALUE-43\n",
      "password VALUE-42\n",
      "machine h password \"VALUE-42",
      "machine h password \"VALUE-42\\q\"",
  })
  void errorMessagesNeverContainAValue(String text) {
    UsageException e = rejected(text);
    assertTrue(e.getMessage().contains(FILE), e.getMessage());
    assertFalse(e.getMessage().contains("VALUE-4"), e.getMessage());
  }
}
