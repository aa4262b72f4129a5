package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.console.Json;
import dev.airlock.fetch.FetchListener;
import dev.airlock.fetch.SourceOutcome;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fetch --json}: passes every event on to the progress renderer (stderr) and remembers per
 * source its time, downloads and cache hits, then renders one JSON document for stdout. Field
 * names are documented in the README and stable.
 */
public final class FetchReport implements FetchListener {
  private final FetchListener delegate;
  private final String command;
  private final Map<String, Source> sources = new HashMap<>();

  private static final class Source {
    long startNanos;
    long timeMs;
    int downloads;
    int cacheHits;
    String error;
  }

  /** {@code command}: {@code fetch} or {@code update}, as the document's first field says. */
  public FetchReport(FetchListener delegate, String command) {
    this.delegate = delegate;
    this.command = command;
  }

  private Source of(String name) {
    return sources.computeIfAbsent(name, n -> new Source());
  }

  @Override
  public synchronized void started(String source, String kind) {
    of(source).startNanos = System.nanoTime();
    delegate.started(source, kind);
  }

  @Override
  public void progress(String source, long bytes, long total) {
    delegate.progress(source, bytes, total);
  }

  @Override
  public synchronized void finished(String source, String kind, int files, long bytes, boolean upToDate) {
    Source s = of(source);
    s.timeMs = s.startNanos == 0 ? 0 : (System.nanoTime() - s.startNanos) / 1_000_000;
    delegate.finished(source, kind, files, bytes, upToDate);
  }

  @Override
  public synchronized void failed(String source, String message) {
    of(source).error = message;
    delegate.failed(source, message);
  }

  @Override
  public synchronized void obtained(String what, long bytes, boolean fromCache) {
    int space = what.indexOf(' ');
    Source s = of(space < 0 ? what : what.substring(0, space));
    s.downloads++;
    if (fromCache) {
      s.cacheHits++;
    }
    delegate.obtained(what, bytes, fromCache);
  }

  @Override
  public void info(String message) {
    delegate.info(message);
  }

  @Override
  public void warn(String message) {
    delegate.warn(message);
  }

  @Override
  public void debug(String message) {
    delegate.debug(message);
  }

  /** The document after a successful run; {@code lock} is what the run left (or the frozen lock). */
  public synchronized String success(List<SourceOutcome> outcomes, Optional<Lock> lock, String vendor, long timeMs) {
    ObjectNode doc = Json.object();
    doc.put("command", command);
    doc.put("ok", true);
    doc.put("exitCode", 0);
    doc.put("vendor", vendor);
    doc.put("timeMs", timeMs);
    ArrayNode list = doc.putArray("sources");
    for (SourceOutcome o : outcomes) {
      ObjectNode n = list.addObject();
      Source s = of(o.name());
      n.put("name", o.name());
      n.put("kind", o.kind());
      n.put("status", o.upToDate() ? "up-to-date" : "fetched");
      Optional<LockEntry> e = lock.flatMap(l -> l.entry(o.name()));
      Map<String, String> resolved = e.<Map<String, String>>map(LockEntry::resolved).orElse(Map.of());
      putOrNull(n, "version", resolved.get("version"));
      putOrNull(n, "commit", resolved.get("commit"));
      ObjectNode r = n.putObject("resolved");
      resolved.forEach(r::put);
      n.put("files", o.files());
      n.put("bytes", o.bytes());
      n.put("downloads", s.downloads - s.cacheHits);
      n.put("cacheHits", s.cacheHits);
      n.put("cacheHit", !o.upToDate() && s.downloads > 0 && s.cacheHits == s.downloads);
      n.put("timeMs", o.upToDate() ? 0 : s.timeMs);
    }
    return Json.render(doc);
  }

  /** The document after a failed run: which sources failed, and the error (already free of secrets). */
  public synchronized String failure(int exitCode, String error) {
    ObjectNode doc = Json.object();
    doc.put("command", command);
    doc.put("ok", false);
    doc.put("exitCode", exitCode);
    doc.put("error", error);
    ArrayNode list = doc.putArray("sources");
    sources.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(kv -> {
      ObjectNode n = list.addObject();
      n.put("name", kv.getKey());
      n.put("status", kv.getValue().error != null ? "failed" : "not-placed");
      putOrNull(n, "error", kv.getValue().error);
    });
    return Json.render(doc);
  }

  private static void putOrNull(ObjectNode n, String key, String value) {
    if (value == null) {
      n.putNull(key);
    } else {
      n.put(key, value);
    }
  }
}
