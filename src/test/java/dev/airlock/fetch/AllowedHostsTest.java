package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Which file URLs a closure may reach: the source's origins and the hosts entries, exactly. */
class AllowedHostsTest {
  static HttpUrl u(String s) {
    return HttpUrl.get(s);
  }

  @Test
  void theSourceOriginIsAllowedWithItsPortOnly() {
    AllowedHosts a = AllowedHosts.of(List.of(u("https://pypi.corp.example:8443/simple/")), List.of());
    assertTrue(a.allows(u("https://pypi.corp.example:8443/files/x.whl")));
    assertTrue(a.allows(u("https://PYPI.corp.example:8443/files/x.whl")), "host names are case-insensitive");
    assertFalse(a.allows(u("https://pypi.corp.example/files/x.whl")), "another port is another origin");
    assertFalse(a.allows(u("https://pypi.corp.example.evil.example:8443/x.whl")));
    assertEquals("https://pypi.corp.example:8443", a.describe());
  }

  @Test
  void aBareHostMeansTheDefaultPortAndHostPortThatPort() {
    AllowedHosts a = AllowedHosts.of(List.of(), List.of("files.corp.example", "cdn.corp.example:9000", "[::1]:8443"));
    assertTrue(a.allows(u("https://files.corp.example/a.whl")));
    assertFalse(a.allows(u("https://files.corp.example:444/a.whl")));
    assertFalse(a.allows(u("https://sub.files.corp.example/a.whl")), "no subdomains");
    assertTrue(a.allows(u("https://cdn.corp.example:9000/a.whl")));
    assertFalse(a.allows(u("https://cdn.corp.example/a.whl")));
    assertTrue(a.allows(u("https://[::1]:8443/a.whl")));
    assertEquals(u("https://files.corp.example/"), AllowedHosts.firstHostUrl(List.of("files.corp.example")).orElseThrow());
  }
}
