package dev.airlock.cli;

import dev.airlock.common.Bytes;
import dev.airlock.console.Console;
import dev.airlock.fetch.FetchListener;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders fetch events: on a terminal a live line with bytes and rate per running source; elsewhere
 * one line per finished source.
 */
public final class ProgressRenderer implements FetchListener {
  private final Console console;
  private final boolean live;
  private final Map<String, long[]> running = new TreeMap<>();

  public ProgressRenderer(Console console, boolean live) {
    this.console = console;
    this.live = live && console.interactive();
  }

  @Override
  public synchronized void started(String source, String kind) {
    running.put(source, new long[] {System.nanoTime(), 0});
    redraw();
  }

  @Override
  public synchronized void progress(String source, long bytes, long total) {
    long[] r = running.get(source);
    if (r != null) {
      r[1] = bytes;
      redraw();
    }
  }

  @Override
  public synchronized void finished(String source, String kind, int files, long bytes, boolean upToDate) {
    long[] r = running.remove(source);
    if (upToDate) {
      console.info("  " + source + " (" + kind + "): up to date");
    } else {
      long ms = r == null ? 0 : (System.nanoTime() - r[0]) / 1_000_000;
      console.info("  " + source + " (" + kind + "): " + files + (files == 1 ? " file, " : " files, ")
          + Bytes.human(bytes) + " in " + ms + " ms");
    }
    redraw();
  }

  @Override
  public synchronized void failed(String source, String message) {
    running.remove(source);
    console.info("  " + source + ": failed");
    redraw();
  }

  @Override
  public void info(String message) {
    console.info(message);
  }

  @Override
  public void warn(String message) {
    console.warn(message);
  }

  @Override
  public void debug(String message) {
    console.debug(message);
  }

  private void redraw() {
    if (!live || running.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("fetching");
    long now = System.nanoTime();
    for (var e : running.entrySet()) {
      long[] r = e.getValue();
      double secs = Math.max(1e-3, (now - r[0]) / 1e9);
      sb.append("  ").append(e.getKey()).append(' ').append(Bytes.human(r[1]))
          .append(" (").append(Bytes.human((long) (r[1] / secs))).append("/s)");
    }
    console.status(sb.toString());
  }
}
