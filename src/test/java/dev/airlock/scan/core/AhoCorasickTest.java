package dev.airlock.scan.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
  @Test
  void findsEveryOccurrenceOfEveryNeedleLikeANaiveSearch() {
    Random rnd = new Random(7);
    for (int round = 0; round < 120; round++) {
      List<byte[]> needles = new ArrayList<>();
      int count = 1 + rnd.nextInt(12);
      for (int i = 0; i < count; i++) {
        // needles of 4+ bytes (three-byte stride without line counting), 3+ (two-byte stride), any
        byte[] n = new byte[(round % 3 == 0 ? 4 : round % 3 == 1 ? 3 : 1) + rnd.nextInt(5)];
        for (int j = 0; j < n.length; j++) {
          n[j] = (byte) "ab\n\u00ff".charAt(rnd.nextInt(4));
        }
        needles.add(n);
      }
      byte[] hay = new byte[2000];
      for (int i = 0; i < hay.length; i++) {
        hay[i] = (byte) "ab\n\u00ffc".charAt(rnd.nextInt(5));
      }
      AhoCorasick ac = AhoCorasick.build(needles);
      TreeSet<String> got = new TreeSet<>();
      int[] newlines = new int[1];
      AhoCorasick.Sink sink = new AhoCorasick.Sink() {
        @Override
        public void match(int needle, int end) {
          got.add(needle + "@" + end);
        }

        @Override
        public void newline(int pos) {
          newlines[0]++;
        }
      };
      // feed in uneven chunks: state must carry across edges
      int state = ac.start();
      int pos = 0;
      while (pos < hay.length) {
        int to = Math.min(hay.length, pos + 1 + rnd.nextInt(40));
        state = ac.run(state, hay, pos, to, sink, round % 4 < 2);
        pos = to;
      }
      int want = 0;
      for (byte b : hay) {
        want += b == '\n' ? 1 : 0;
      }
      assertEquals(round % 4 < 2 ? want : 0, newlines[0], "newlines, round " + round);
      TreeSet<String> expected = new TreeSet<>();
      for (int n = 0; n < needles.size(); n++) {
        byte[] needle = needles.get(n);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (hay[i + j] != needle[j]) {
              continue outer;
            }
          }
          expected.add(n + "@" + (i + needle.length));
        }
      }
      assertEquals(expected, got, "round " + round);
    }
  }

  @Test
  void countsNewlinesOnlyWhenAsked() {
    AhoCorasick ac = AhoCorasick.build(List.of("zz".getBytes(StandardCharsets.US_ASCII)));
    byte[] text = "a\nb\n\nzz\n".getBytes(StandardCharsets.US_ASCII);
    int[] lines = new int[2];
    AhoCorasick.Sink sink = new AhoCorasick.Sink() {
      @Override
      public void match(int needle, int end) {
        lines[1] = lines[0];
      }

      @Override
      public void newline(int pos) {
        lines[0]++;
      }
    };
    ac.run(0, text, 0, text.length, sink, true);
    assertEquals(4, lines[0]);
    assertEquals(3, lines[1], "the match is on the 4th line, after 3 newlines");
    lines[0] = 0;
    ac.run(0, text, 0, text.length, sink, false);
    assertEquals(0, lines[0]);
  }
}
