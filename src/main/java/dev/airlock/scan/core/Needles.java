package dev.airlock.scan.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the content tiers look for, compiled into one automaton: every form of every known
 * secret, and the literal triggers of the pattern rules. Built once per run, shared by threads.
 */
public final class Needles {
  /** What a needle stands for: a known secret's form, or a pattern rule's trigger. */
  public record Needle(KnownSecret secret, String form, PatternRule pattern) {
    public boolean known() {
      return secret != null;
    }
  }

  private final AhoCorasick automaton;
  private final List<Needle> needles;
  private final int maxLength;

  private Needles(AhoCorasick automaton, List<Needle> needles, int maxLength) {
    this.automaton = automaton;
    this.needles = needles;
    this.maxLength = maxLength;
  }

  /** Known secrets that are too short are left out (the caller reports them). */
  public static Needles compile(List<KnownSecret> secrets, List<PatternRule> patterns) {
    List<byte[]> bytes = new ArrayList<>();
    List<Needle> meta = new ArrayList<>();
    for (KnownSecret s : secrets) {
      if (s.tooShort()) {
        if (s.user().isPresent()) {
          for (NeedleForms.Form f : NeedleForms.of(s)) {
            if (f.name().startsWith("user:secret") && f.bytes().length >= KnownSecret.MIN_LENGTH) {
              bytes.add(f.bytes());
              meta.add(new Needle(s, f.name(), null));
            }
          }
        }
        continue;
      }
      for (NeedleForms.Form f : NeedleForms.of(s)) {
        bytes.add(f.bytes());
        meta.add(new Needle(s, f.name(), null));
      }
    }
    for (PatternRule p : patterns) {
      for (String t : p.triggers()) {
        bytes.add(t.getBytes(StandardCharsets.US_ASCII));
        meta.add(new Needle(null, null, p));
      }
    }
    int max = bytes.stream().mapToInt(b -> b.length).max().orElse(0);
    return new Needles(AhoCorasick.build(bytes), List.copyOf(meta), max);
  }

  public AhoCorasick automaton() {
    return automaton;
  }

  public Needle get(int index) {
    return needles.get(index);
  }

  public int maxLength() {
    return maxLength;
  }

  public boolean isEmpty() {
    return needles.isEmpty();
  }
}
