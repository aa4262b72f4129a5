package dev.airlock.scan.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans one byte stream with the known-secret and pattern tiers in a single pass: the Aho–Corasick
 * automaton runs over fixed-size chunks (its state carries across chunk edges), a pattern trigger
 * is verified once enough bytes after it have arrived, and the automaton reports newlines as it passes them.
 * Each secret is reported once per stream (with every form it was found in), each distinct pattern
 * value once.
 */
public final class ContentScanner {
  private static final int CHUNK = 1 << 18;
  private static final int CARRY = PatternRule.MAX_BEHIND + PatternRule.MAX_AHEAD + 256;
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[CARRY + CHUNK]);

  private final ScanContext ctx;

  public ContentScanner(ScanContext ctx) {
    this.ctx = ctx;
  }

  /** Reads {@code in} to its end; returns the number of bytes scanned. Findings carry lines. */
  public long scan(InputStream in, Location where) throws IOException {
    return new Pass(where, true).run(in);
  }

  /**
   * As {@link #scan(InputStream, Location)}, optionally without counting lines (faster): findings
   * then carry only byte offsets, for a caller that can turn them into lines by reading again.
   */
  public long scan(InputStream in, Location where, boolean countLines) throws IOException {
    return new Pass(where, countLines).run(in);
  }

  public long scan(byte[] data, Location where) {
    try {
      return new Pass(where, true).run(new java.io.ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Pending(PatternRule rule, long start, long end, long line) {}

  private record KnownHit(Location at, Set<String> forms) {}

  /** The state of one stream's scan. */
  private final class Pass implements AhoCorasick.Sink {
    private final Location where;
    private final boolean countLines;
    private final AhoCorasick ac = ctx.needles().automaton();
    private final byte[] buf = BUFFERS.get();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, KnownHit> known = new LinkedHashMap<>();
    private final Set<String> patternSeen = new LinkedHashSet<>();
    private long base;      // absolute offset of buf[0]
    private long lines;     // newlines seen so far
    private int chunkEnd;   // bytes in buf for the current run

    Pass(Location where, boolean countLines) {
      this.where = where;
      this.countLines = countLines;
    }

    private long line() {
      return countLines ? lines + 1 : 0;
    }

    long run(InputStream in) throws IOException {
      int kept = 0;
      int state = ac.start();
      boolean eof = false;
      while (!eof) {
        int end = kept;
        while (end < buf.length) {
          int n = in.read(buf, end, buf.length - end);
          if (n < 0) {
            eof = true;
            break;
          }
          end += n;
        }
        chunkEnd = end;
        state = ac.run(state, buf, kept, end, this, countLines);
        verifyPending(end, eof);
        if (!eof) {
          kept = Math.min(CARRY, end);
          int shift = end - kept;
          System.arraycopy(buf, shift, buf, 0, kept);
          base += shift;
        } else {
          base += end;
        }
      }
      flush();
      return base;
    }

    @Override
    public void newline(int pos) {
      lines++;
    }

    @Override
    public void match(int needle, int end) {
      Needles.Needle n = ctx.needles().get(needle);
      int start = end - ac.length(needle);
      if (n.known()) {
        KnownHit hit = known.computeIfAbsent(n.secret().id(),
            id -> new KnownHit(where.at(line(), base + start), new LinkedHashSet<>()));
        hit.forms().add(n.form());
      } else {
        Pending p = new Pending(n.pattern(), base + start, base + end, line());
        if (end + n.pattern().ahead() <= chunkEnd) {
          verify(p, chunkEnd);
        } else {
          pending.add(p);
        }
      }
    }

    private void verifyPending(int end, boolean eof) {
      if (pending.isEmpty()) {
        return;
      }
      List<Pending> later = new ArrayList<>();
      for (Pending p : pending) {
        long windowEnd = p.end() + p.rule().ahead();
        if (!eof && windowEnd > base + end) {
          later.add(p);
          continue;
        }
        verify(p, end);
      }
      pending.clear();
      pending.addAll(later);
    }

    private void verify(Pending p, int end) {
      int from = (int) Math.max(0, p.start() - p.rule().behind() - base);
      int to = (int) Math.min(end, p.end() + p.rule().ahead() - base);
      p.rule().verify(buf, from, to, (int) (p.start() - base), (int) (p.end() - base)).ifPresent(m -> {
        String fp = ctx.fingerprints().of(m.value());
        if (patternSeen.add(p.rule().rule().id() + "\0" + fp)) {
          ctx.sink().finding(new Finding(p.rule().rule(), where.at(p.line(), p.start()), fp, ""));
        }
      });
    }

    private void flush() {
      known.forEach((id, hit) -> {
        if (hit.forms().contains("base64")) {
          hit.forms().remove(NeedleForms.WRAPPED); // its pieces are part of any unwrapped base64 too
        }
        ctx.sink().finding(new Finding(Rule.KNOWN_SECRET, hit.at(), id, "found as " + String.join(", ", hit.forms())));
      });
    }

  }

}
