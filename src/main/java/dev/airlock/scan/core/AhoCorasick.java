package dev.airlock.scan.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte-level Aho–Corasick automaton compiled to a dense DFA, so any number of needles costs one
 * table look-up per input byte. States are numbered so that every state with an output comes last:
 * the hot loop tests one comparison per byte. The automaton is immutable and shared by threads;
 * callers keep the current state between chunks, so matches across chunk edges are found.
 */
public final class AhoCorasick {
  /** Receives each match: the needle's index and the offset just past its last byte. */
  @FunctionalInterface
  public interface Sink {
    void match(int needle, int end);
  }

  private final int[] delta;
  private final int firstOutputRow;
  private final int[][] outputs;
  private final int[] lengths;

  private AhoCorasick(int[] delta, int firstOutputRow, int[][] outputs, int[] lengths) {
    this.delta = delta;
    this.firstOutputRow = firstOutputRow;
    this.outputs = outputs;
    this.lengths = lengths;
  }

  public static AhoCorasick build(List<byte[]> needles) {
    List<int[]> go = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    go.add(newRow());
    out.add(new ArrayList<>());
    int[] lengths = new int[needles.size()];
    for (int n = 0; n < needles.size(); n++) {
      byte[] needle = needles.get(n);
      if (needle.length == 0) {
        throw new IllegalArgumentException("empty needle");
      }
      lengths[n] = needle.length;
      int s = 0;
      for (byte b : needle) {
        int c = b & 0xff;
        if (go.get(s)[c] < 0) {
          go.get(s)[c] = go.size();
          go.add(newRow());
          out.add(new ArrayList<>());
        }
        s = go.get(s)[c];
      }
      out.get(s).add(n);
    }
    int states = go.size();
    int[] fail = new int[states];
    int[] order = new int[states];
    int count = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      order[count++] = s;
      int[] row = go.get(s);
      for (int c = 0; c < 256; c++) {
        int t = row[c];
        if (t < 0) {
          row[c] = s == 0 ? 0 : go.get(fail[s])[c];
        } else {
          fail[t] = s == 0 ? 0 : go.get(fail[s])[c];
          out.get(t).addAll(out.get(fail[t]));
          queue.add(t);
        }
      }
    }
    // BFS order guarantees fail[t] was complete before t; now renumber: outputs last.
    int[] newId = new int[states];
    int next = 0;
    for (int s = 0; s < states; s++) {
      if (out.get(s).isEmpty()) {
        newId[s] = next++;
      }
    }
    int firstOutput = next;
    for (int s = 0; s < states; s++) {
      if (!out.get(s).isEmpty()) {
        newId[s] = next++;
      }
    }
    int[] delta = new int[states * 256];
    int[][] outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      int base = newId[s] << 8;
      int[] row = go.get(s);
      for (int c = 0; c < 256; c++) {
        delta[base | c] = newId[row[c]] << 8;
      }
      outputs[newId[s]] = out.get(s).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }
    return new AhoCorasick(delta, firstOutput << 8, outputs, lengths);
  }

  private static int[] newRow() {
    int[] r = new int[256];
    Arrays.fill(r, -1);
    return r;
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

  /** Runs over {@code buf[from, to)} starting in {@code state}; returns the state after the last byte. */
  public int run(int state, byte[] buf, int from, int to, Sink sink) {
    final int[] d = delta;
    final int limit = firstOutputRow;
    int s = state;
    for (int i = from; i < to; i++) {
      s = d[s | (buf[i] & 0xff)];
      if (s >= limit) {
        for (int n : outputs[s >>> 8]) {
          sink.match(n, i + 1);
        }
      }
    }
    return s;
  }
}
