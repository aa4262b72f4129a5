package dev.airlock.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BytesTest {
  /** What human() printed when it used String.format. */
  static String formatted(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  @Test
  void printsOneDecimalRoundedHalfUpAsFormatDid() {
    assertEquals("0 B", Bytes.human(0));
    assertEquals("1023 B", Bytes.human(1023));
    assertEquals("1.0 KiB", Bytes.human(1024));
    assertEquals("1.3 KiB", Bytes.human(1280)); // exactly 1.25: half up
    assertEquals("1024.0 KiB", Bytes.human(1024 * 1024 - 1));
    assertEquals("46.9 MiB", Bytes.human(3000L * 16384));
    long[] edges = {1075, 1076, 1126, 1127, 10239, 10240, 1048576, 1073741823, 1L << 40, (1L << 49) - 1};
    for (long n : edges) {
      assertEquals(formatted(n), Bytes.human(n), "n = " + n);
    }
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < 200_000; i++) {
      long n = r.nextLong(1L << r.nextInt(10, 49));
      assertEquals(formatted(n), Bytes.human(n), "n = " + n);
    }
  }
}
