package dev.airlock.scan.core;

import java.util.List;

/**
 * A byte-level Aho–Corasick automaton compiled to a dense DFA ({@link AhoCorasickDfa}), so any
 * number of needles costs one pass. States are numbered so that every state with an output comes
 * last: the hot loop tests one comparison per byte. In the start state, positions whose two bytes
 * begin no needle are skipped without touching the DFA (independent loads the CPU overlaps, unlike
 * the DFA's chain of dependent ones). The automaton is immutable and shared by threads; callers keep the state between chunks,
 * so matches across chunk edges are found.
 */
public final class AhoCorasick {
  /** Receives each match (the needle's index and the offset just past its last byte) and newlines. */
  public interface Sink {
    void match(int needle, int end);

    /** A {@code '\n'} at {@code pos}, in order with the matches; only when lines are counted. */
    default void newline(int pos) {}
  }

  private final int[] delta;
  private final int firstOutputRow;
  private final int[][] outputs;
  private final int[] lengths;
  /** Bit (b0 << 8 | b1) is set when some needle starts with bytes b0 b1. */
  private final long[] bigrams = new long[1024];
  /** The same, plus every bigram starting with a newline: the skip stops at newlines to count them. */
  private final long[] bigramsAndNewlines;
  /**
   * For the two-byte stride: bigrams at offset 0 or 1 of any needle (so a check at j covers needles
   * starting at j-1 and j), with or without every bigram holding a newline. Null when a needle is
   * shorter than 3 bytes.
   */
  private final long[] pairs;
  private final long[] pairsAndNewlines;
  /** For the three-byte stride (no line counting): bigrams at offsets 0, 1 or 2; null unless every needle has 4+ bytes. */
  private final long[] triples;

  private AhoCorasick(AhoCorasickDfa dfa, List<byte[]> needles) {
    this.delta = dfa.delta();
    this.firstOutputRow = dfa.firstOutputRow();
    this.outputs = dfa.outputs();
    this.lengths = dfa.lengths();
    for (byte[] n : needles) {
      int b0 = (n[0] & 0xff) << 8;
      if (n.length == 1) {
        for (int b1 = 0; b1 < 256; b1++) {
          set(bigrams, b0 | b1);
        }
      } else {
        set(bigrams, b0 | (n[1] & 0xff));
      }
    }
    bigramsAndNewlines = bigrams.clone();
    for (int b1 = 0; b1 < 256; b1++) {
      set(bigramsAndNewlines, '\n' << 8 | b1);
    }
    boolean allLong = needles.stream().allMatch(n -> n.length >= 3);
    if (allLong) {
      pairs = bigrams.clone();
      for (byte[] n : needles) {
        set(pairs, (n[1] & 0xff) << 8 | (n[2] & 0xff));
      }
      pairsAndNewlines = pairs.clone();
      for (int b = 0; b < 256; b++) {
        set(pairsAndNewlines, '\n' << 8 | b);
        set(pairsAndNewlines, b << 8 | '\n');
      }
    } else {
      pairs = null;
      pairsAndNewlines = null;
    }
    if (needles.stream().allMatch(n -> n.length >= 4)) {
      triples = pairs.clone();
      for (byte[] n : needles) {
        set(triples, (n[2] & 0xff) << 8 | (n[3] & 0xff));
      }
    } else {
      triples = null;
    }
  }

  private static void set(long[] bits, int x) {
    bits[x >>> 6] |= 1L << x;
  }

  public static AhoCorasick build(List<byte[]> needles) {
    return new AhoCorasick(AhoCorasickDfa.compile(needles), needles);
  }

  /** The state before any input. */
  public int start() {
    return 0;
  }

  public int length(int needle) {
    return lengths[needle];
  }

  public int needles() {
    return lengths.length;
  }

  /**
   * Runs over {@code buf[from, to)} starting in {@code state}; returns the state after the last byte.
   * With {@code countLines}, the sink also hears of every newline.
   */
  public int run(int state, byte[] buf, int from, int to, Sink sink, boolean countLines) {
    if (triples != null && !countLines) {
      return runStride3(state, buf, from, to, sink);
    }
    if (pairs != null) {
      return runStride2(state, buf, from, to, sink, countLines);
    }
    final int[] d = delta;
    final long[] bg = countLines ? bigramsAndNewlines : bigrams;
    final int limit = firstOutputRow;
    final int last = to - 1;
    int s = state;
    int i = from;
    while (i < to) {
      if (s == 0) {
        while (i < last) {
          int x = (buf[i] & 0xff) << 8 | (buf[i + 1] & 0xff);
          if ((bg[x >>> 6] & (1L << x)) != 0) {
            break;
          }
          i++;
        }
      }
      int b = buf[i] & 0xff;
      if (countLines && b == '\n') {
        sink.newline(i);
      }
      s = d[s | b];
      if (s >= limit) {
        for (int n : outputs[s >>> 8]) {
          sink.match(n, i + 1);
        }
      }
      i++;
    }
    return s;
  }

  /**
   * As {@link #run}, but in the start state it tests every other position: the bigram at j is in
   * {@link #pairs} whenever a needle starts at j-1 or j (needles are at least 3 bytes long), so a
   * miss skips two positions. On a hit the DFA resumes at j-1, still in the start state (no needle
   * can have started earlier). Newlines stop the skip too (the pair checks cover every byte after
   * i, and byte i is checked on entry), so each is seen once by the DFA loop.
   */
  private int runStride2(int state, byte[] buf, int from, int to, Sink sink, boolean countLines) {
    final int[] d = delta;
    final long[] bg = countLines ? pairsAndNewlines : pairs;
    final int limit = firstOutputRow;
    final int last = to - 1;
    int s = state;
    int i = from;
    while (i < to) {
      if (s == 0 && !(countLines && buf[i] == '\n')) {
        int j = i + 1;
        while (j < last) {
          int x = (buf[j] & 0xff) << 8 | (buf[j + 1] & 0xff);
          if ((bg[x >>> 6] & (1L << x)) != 0) {
            break;
          }
          j += 2;
        }
        i = j - 1;
      }
      int b = buf[i] & 0xff;
      if (countLines && b == '\n') {
        sink.newline(i);
      }
      s = d[s | b];
      if (s >= limit) {
        for (int n : outputs[s >>> 8]) {
          sink.match(n, i + 1);
        }
      }
      i++;
    }
    return s;
  }

  /**
   * As {@link #runStride2} with a three-byte step, for needles of 4+ bytes and no line counting: a
   * check at j covers needles starting at j-2, j-1 and j; on a hit the DFA resumes at j-2.
   */
  private int runStride3(int state, byte[] buf, int from, int to, Sink sink) {
    final int[] d = delta;
    final long[] bg = triples;
    final int limit = firstOutputRow;
    final int last = to - 1;
    int s = state;
    int i = from;
    while (i < to) {
      if (s == 0) {
        int j = i + 2;
        while (j < last) {
          int x = (buf[j] & 0xff) << 8 | (buf[j + 1] & 0xff);
          if ((bg[x >>> 6] & (1L << x)) != 0) {
            break;
          }
          j += 3;
        }
        i = Math.min(j - 2, to - 1);
      }
      s = d[s | (buf[i] & 0xff)];
      if (s >= limit) {
        for (int n : outputs[s >>> 8]) {
          sink.match(n, i + 1);
        }
      }
      i++;
    }
    return s;
  }
}
