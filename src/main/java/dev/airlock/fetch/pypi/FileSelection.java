package dev.airlock.fetch.pypi;

import dev.airlock.error.FetchException;
import dev.airlock.manifest.PypiSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Picks the files of the pinned version out of a project page: every distribution of that
 * version, narrowed by the {@code files:} globs. Yanked files are left out unless a {@code files:}
 * entry names one exactly (no wildcard). Every glob must select something.
 */
final class FileSelection {
  private FileSelection() {}

  static List<IndexFile> select(PypiSource source, String page, List<IndexFile> links) {
    String project = source.normalizedProject();
    Map<String, IndexFile> ofVersion = new LinkedHashMap<>();
    TreeSet<String> otherVersions = new TreeSet<>();
    for (IndexFile f : links) {
      DistFileName.parse(f.fileName(), project).ifPresent(d -> {
        if (source.version().matches(d.version())) {
          IndexFile first = ofVersion.putIfAbsent(f.fileName(), f);
          if (first != null && !first.sha256().equals(f.sha256())) {
            throw new FetchException(source.name() + ": " + page + " lists " + f.fileName()
                + " twice with different hashes");
          }
        } else {
          otherVersions.add(d.version().canonical());
        }
      });
    }
    String pin = project + "==" + source.version();
    if (ofVersion.isEmpty()) {
      String hint = links.isEmpty() ? " (the page has no file links: is it a simple index?)"
          : otherVersions.isEmpty() ? "" : " (versions there: " + tail(otherVersions) + ")";
      throw new FetchException(source.name() + ": no files of " + pin + " on " + page + hint);
    }
    List<IndexFile> selected = new ArrayList<>();
    if (source.files().isEmpty()) {
      ofVersion.values().stream().filter(f -> !f.yanked()).forEach(selected::add);
      if (selected.isEmpty()) {
        throw new FetchException(source.name() + ": every file of " + pin + " is yanked; to take one anyway,"
            + " name it exactly in files: (" + String.join(", ", ofVersion.keySet()) + ")");
      }
      return selected;
    }
    for (String glob : source.files()) {
      boolean exact = glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
      Pattern p = toRegex(glob);
      List<IndexFile> hits = ofVersion.values().stream()
          .filter(f -> p.matcher(f.fileName()).matches() && (exact || !f.yanked())).toList();
      if (hits.isEmpty()) {
        throw new FetchException(source.name() + ": files: '" + glob + "' matches no " + (exact ? "" : "unyanked ")
            + "file of " + pin + " (there: " + describe(ofVersion) + ")");
      }
      hits.stream().filter(f -> !selected.contains(f)).forEach(selected::add);
    }
    return selected;
  }

  /** {@code *} is any run of characters, {@code ?} one character; everything else is literal. */
  static Pattern toRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        b.append(".*");
      } else if (c == '?') {
        b.append('.');
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString());
  }

  private static String describe(Map<String, IndexFile> files) {
    return String.join(", ", files.values().stream()
        .map(f -> f.fileName() + (f.yanked() ? " (yanked)" : "")).toList());
  }

  private static String tail(TreeSet<String> versions) {
    List<String> all = new ArrayList<>(versions);
    return String.join(", ", all.subList(Math.max(0, all.size() - 10), all.size()));
  }
}
