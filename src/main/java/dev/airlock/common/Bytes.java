package dev.airlock.common;

/** Human-readable byte counts (binary units). */
public final class Bytes {
  private Bytes() {}

  public static String human(long n) {
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
    // One decimal, rounded half up, as "%.1f" would print it (without a Formatter on the hot path:
    // a fetch prints this once per source). v is n over a power of two, so v * 10 is exact below 2^49.
    long tenths = Math.round(v * 10);
    return tenths / 10 + "." + tenths % 10 + " " + units[u];
  }
}
