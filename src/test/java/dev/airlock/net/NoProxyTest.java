package dev.airlock.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoProxyTest {
  @Test
  void domainsSuffixesPortsAndStar() {
    NoProxy n = NoProxy.parse(" corp.example, .internal ,10.0.0.1, cache.example:8443,[::1]");
    assertTrue(n.matches("corp.example", 443));
    assertTrue(n.matches("a.b.corp.example", 443));
    assertFalse(n.matches("evilcorp.example", 443), "a suffix match needs a dot boundary");
    assertTrue(n.matches("x.internal", 80));
    assertTrue(n.matches("10.0.0.1", 443));
    assertTrue(n.matches("cache.example", 8443));
    assertFalse(n.matches("cache.example", 443));
    assertTrue(n.matches("::1", 443));
    assertFalse(n.matches("other.example", 443));
    assertTrue(NoProxy.parse("*").matches("anything.example", 1));
    assertFalse(NoProxy.parse("").matches("a.example", 443));
  }
}
