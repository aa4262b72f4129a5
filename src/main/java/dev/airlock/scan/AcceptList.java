package dev.airlock.scan;

import dev.airlock.docker.IgnorePatterns;
import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code .airlockignore}: reviewed findings that {@code airlock scan} accepts, one per line, each
 * with a reason ({@code #} starts a comment line):
 *
 * <pre>
 * fp:3f2a9c0d1b7e4a55  the stock example settings of Debian's maven package
 * credential-file/maven-settings  usr/share/maven/conf/settings.xml  examples inside comments only
 * </pre>
 *
 * A fingerprint ({@code fp:…}, as every report prints it) accepts that one finding; a rule id and
 * a path pattern ({@code .dockerignore} syntax: {@code *}, {@code **}, a folder covers what is in
 * it), matched against the innermost path of the finding (the file inside an image layer or an
 * archive) and against its whole location, accept that rule there. A credential the manifest
 * names ({@code known-secret}) is never accepted: it must be rotated and removed.
 */
public final class AcceptList {
  public static final String FILE_NAME = ".airlockignore";
  private static final Pattern FINGERPRINT = Pattern.compile("fp:[0-9a-f]{16}");
  private static final List<Rule> NEVER = List.of(Rule.KNOWN_SECRET, Rule.KNOWN_SECRET_TOO_SHORT);

  private record Entry(int line, Optional<String> fingerprint, Optional<Rule> rule, IgnorePatterns path,
      String reason) {}

  private final List<Entry> entries;
  private final String name;

  private AcceptList(List<Entry> entries, String name) {
    this.entries = List.copyOf(entries);
    this.name = name;
  }

  public static AcceptList none() {
    return new AcceptList(List.of(), FILE_NAME);
  }

  /** The file, or an empty list when it does not exist. */
  public static AcceptList load(Path file, String display) {
    if (!Files.isRegularFile(file)) {
      return new AcceptList(List.of(), display);
    }
    return parse(BoundedFile.readUtf8(file, BoundedFile.TEXT_BYTES, display, "not valid UTF-8"), display);
  }

  /** @throws UsageException naming {@code display:line} for an entry without a reason or with an unknown rule */
  public static AcceptList parse(String text, String display) {
    List<Entry> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] w = l.split("\\s+", 3);
      String where = display + ":" + (i + 1) + ": ";
      if (FINGERPRINT.matcher(w[0]).matches()) {
        String reason = l.substring(w[0].length()).strip();
        if (reason.isEmpty()) {
          throw new UsageException(where + "give the reason this finding is accepted after the fingerprint");
        }
        out.add(new Entry(i + 1, Optional.of(w[0]), Optional.empty(), IgnorePatterns.parse(""), reason));
        continue;
      }
      Rule rule = Arrays.stream(Rule.values()).filter(r -> r.id().equals(w[0])).findFirst().orElseThrow(() ->
          new UsageException(where + "expected a fingerprint (fp:…) or a rule id, then a path and a reason"));
      if (NEVER.contains(rule)) {
        throw new UsageException(where + rule.id() + " can never be accepted: a credential the manifest names "
            + "must be rotated and removed");
      }
      if (w.length < 3) {
        throw new UsageException(where + "give a path pattern and the reason this finding is accepted");
      }
      IgnorePatterns path;
      try {
        path = IgnorePatterns.parse(List.of(w[1]));
      } catch (IllegalArgumentException e) {
        throw new UsageException(where + "not a valid path pattern");
      }
      out.add(new Entry(i + 1, Optional.empty(), Optional.of(rule), path, w[2].strip()));
    }
    return new AcceptList(out, display);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Accepts the findings of {@code result} that an entry names; {@code warn} hears of refused ones. */
  public void apply(ScanResult result, Consumer<String> warn) {
    Map<Finding, String> ids = result.ids();
    for (Finding f : result.all()) {
      for (Entry e : entries) {
        if (!matches(e, f, ids.get(f))) {
          continue;
        }
        if (NEVER.contains(f.rule())) {
          warn.accept(name + ":" + e.line() + ": not accepted: " + f.location().display()
              + " holds a credential the manifest names; rotate it and remove it");
          break;
        }
        result.accept(f, e.reason());
        break;
      }
    }
  }

  private static boolean matches(Entry e, Finding f, String id) {
    if (e.fingerprint().isPresent()) {
      return e.fingerprint().get().equals(id);
    }
    if (e.rule().get() != f.rule()) {
      return false;
    }
    return e.path().ignored(f.location().last()) || e.path().ignored(f.location().path());
  }
}
