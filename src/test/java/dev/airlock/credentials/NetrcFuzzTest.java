package dev.airlock.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile netrc text: {@link Netrc#parse} returns entries or throws {@link UsageException} naming
 * the file, nothing else; no entry carries a control character; {@link Netrc#lookup} answers only
 * with an entry for that host (or {@code default}, when allowed and no machine names the host).
 */
class NetrcFuzzTest {
  @FuzzTest(maxDuration = "3m")
  @Timeout(10)
  void netrc(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Netrc netrc;
    try {
      netrc = Netrc.parse(text, "fuzz.netrc");
    } catch (UsageException e) {
      assertTrue(e.getMessage().startsWith("fuzz.netrc"), "error does not name the file: " + e.getMessage());
      return;
    }
    List<String> hosts = new ArrayList<>(List.of("example.com", "EXAMPLE.com", "127.0.0.1"));
    for (NetrcEntry e : netrc.entries()) {
      e.password().ifPresent(p -> assertFalse(NetrcParser.hasControlChar(p.reveal()), "control char in password"));
      e.login().ifPresent(l -> assertFalse(NetrcParser.hasControlChar(l), "control char in login"));
      e.machine().ifPresent(m -> {
        hosts.add(m);
        hosts.add(m.toUpperCase(Locale.ROOT));
      });
      if (e.password().isPresent()) {
        NetrcEntry other = new NetrcEntry(e.machine(), e.login(), Optional.of(Secret.of("other")), e.line());
        assertEquals(other.toString(), e.toString(), "toString depends on the password");
      }
    }
    for (String host : hosts) {
      for (boolean allowDefault : new boolean[] {false, true}) {
        for (Optional<String> user : List.of(Optional.<String>empty(), Optional.of("bob"))) {
          checkLookup(netrc, host, user, allowDefault);
        }
      }
    }
  }

  private static void checkLookup(Netrc netrc, String host, Optional<String> user, boolean allowDefault) {
    Optional<NetrcEntry> found = netrc.lookup(host, user, allowDefault);
    if (found.isEmpty()) {
      return;
    }
    NetrcEntry e = found.get();
    Optional<String> wanted = Netrc.normaliseHost(host);
    assertTrue(wanted.isPresent(), "answered for an invalid host");
    if (e.isDefault()) {
      assertTrue(allowDefault, "default entry used although not allowed");
      assertTrue(e.password().isPresent(), "default entry without a password");
      boolean machineKnown = netrc.entries().stream().anyMatch(x -> x.machine()
          .flatMap(Netrc::normaliseHost).equals(wanted));
      assertFalse(machineKnown, "default entry used although a machine entry names the host");
    } else {
      assertEquals(wanted, e.machine().flatMap(Netrc::normaliseHost), "entry for another host");
    }
    user.ifPresent(u -> {
      assertTrue(e.password().isPresent(), "entry without password for a URL user");
      e.login().ifPresent(l -> assertEquals(u, l, "entry for another login"));
    });
  }
}
