package dev.airlock.scan.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dense DFA that {@link AhoCorasick} runs, compiled from its needles: a trie, completed breadth
 * first through failure links, then renumbered so that every state with an output comes last.
 *
 * @param delta the transitions: {@code delta[state << 8 | byte]} is the next state, itself shifted
 *     left by 8 (a row offset)
 * @param firstOutputRow the row offset of the first state with an output
 * @param outputs the needles ending at each state (by state number)
 * @param lengths each needle's length
 */
record AhoCorasickDfa(int[] delta, int firstOutputRow, int[][] outputs, int[] lengths) {

  static AhoCorasickDfa compile(List<byte[]> needles) {
    int max = 1;
    for (byte[] n : needles) {
      if (n.length == 0) {
        throw new IllegalArgumentException("empty needle");
      }
      max += n.length;
    }
    int[] go = new int[max * 256];
    Arrays.fill(go, -1);
    int states = 1;
    List<List<Integer>> own = new ArrayList<>();
    own.add(null);
    int[] lengths = new int[needles.size()];
    for (int n = 0; n < needles.size(); n++) {
      byte[] needle = needles.get(n);
      lengths[n] = needle.length;
      int s = 0;
      for (byte b : needle) {
        int c = b & 0xff;
        if (go[s << 8 | c] < 0) {
          go[s << 8 | c] = states++;
          own.add(null);
        }
        s = go[s << 8 | c];
      }
      if (own.get(s) == null) {
        own.set(s, new ArrayList<>());
      }
      own.get(s).add(n);
    }
    // Breadth first: complete each row from its failure state's (already complete) row, and link
    // each state to the nearest state on its failure chain that has an output.
    int[] fail = new int[states];
    int[] outLink = new int[states];
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
      int s = queue[head++];
      for (int c = 0; c < 256; c++) {
        int t = go[s << 8 | c];
        if (t < 0) {
          go[s << 8 | c] = s == 0 ? 0 : go[fail[s] << 8 | c];
        } else {
          int f = s == 0 ? 0 : go[fail[s] << 8 | c];
          fail[t] = f;
          outLink[t] = own.get(f) != null ? f : outLink[f];
          queue[tail++] = t;
        }
      }
    }
    int[][] outputs = new int[states][];
    int withOutput = 0;
    for (int s = 0; s < states; s++) {
      List<Integer> all = new ArrayList<>();
      for (int x = s; x != 0; x = outLink[x]) {
        if (own.get(x) != null) {
          all.addAll(own.get(x));
        }
      }
      outputs[s] = all.stream().mapToInt(Integer::intValue).toArray();
      withOutput += outputs[s].length > 0 ? 1 : 0;
    }
    int[] newId = new int[states];
    int plain = 0;
    int outs = states - withOutput;
    for (int s = 0; s < states; s++) {
      newId[s] = outputs[s].length == 0 ? plain++ : outs++;
    }
    int[] delta = new int[states * 256];
    int[][] renumbered = new int[states][];
    for (int s = 0; s < states; s++) {
      int base = newId[s] << 8;
      for (int c = 0; c < 256; c++) {
        delta[base | c] = newId[go[s << 8 | c]] << 8;
      }
      renumbered[newId[s]] = outputs[s];
    }
    return new AhoCorasickDfa(delta, (states - withOutput) << 8, renumbered, lengths);
  }
}
