package dev.airlock.fetch.pypi;

import dev.airlock.error.FetchException;
import dev.airlock.manifest.Pep440Version;
import dev.airlock.manifest.PypiSource;
import dev.airlock.manifest.RequirementsFile;
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

  static List<IndexFile> select(String what, String projectName, Pep440Version version, List<String> globs,
      String page, List<IndexFile> links) {
    String project = PypiSource.normalize(projectName);
    Map<String, IndexFile> ofVersion = new LinkedHashMap<>();
    TreeSet<String> otherVersions = new TreeSet<>();
    for (IndexFile f : links) {
      DistFileName.parse(f.fileName(), project).ifPresent(d -> {
        if (version.matches(d.version())) {
          IndexFile first = ofVersion.putIfAbsent(f.fileName(), f);
          if (first != null && !first.sha256().equals(f.sha256())) {
            throw new FetchException(what + ": " + page + " lists " + f.fileName()
                + " twice with different hashes");
          }
        } else {
          otherVersions.add(d.version().canonical());
        }
      });
    }
    String pin = project + "==" + version;
    if (ofVersion.isEmpty()) {
      String hint = links.isEmpty() ? " (the page has no file links: is it a simple index?)"
          : otherVersions.isEmpty() ? "" : " (versions there: " + tail(otherVersions) + ")";
      throw new FetchException(what + ": no files of " + pin + " on " + page + hint);
    }
    List<IndexFile> selected = new ArrayList<>();
    if (globs.isEmpty()) {
      ofVersion.values().stream().filter(f -> !f.yanked()).forEach(selected::add);
      if (selected.isEmpty()) {
        throw new FetchException(what + ": every file of " + pin + " is yanked; to take one anyway,"
            + " name it exactly in files: (" + String.join(", ", ofVersion.keySet()) + ")");
      }
      return selected;
    }
    for (String glob : globs) {
      boolean exact = glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
      Pattern p = toRegex(glob);
      List<IndexFile> hits = ofVersion.values().stream()
          .filter(f -> p.matcher(f.fileName()).matches() && (exact || !f.yanked())).toList();
      if (hits.isEmpty()) {
        throw new FetchException(what + ": files: '" + glob + "' matches no " + (exact ? "" : "unyanked ")
            + "file of " + pin + " (there: " + describe(ofVersion) + ")");
      }
      hits.stream().filter(f -> !selected.contains(f)).forEach(selected::add);
    }
    return selected;
  }

  /**
   * The files of {@code pin}'s version whose index sha256 is one the requirements file lists. Every
   * listed hash must be matched by a file: the one that is not is an error naming the package.
   */
  static List<IndexFile> byHash(String what, RequirementsFile.Pin pin, String page, List<IndexFile> links) {
    String project = PypiSource.normalize(pin.project());
    String shown = project + "==" + pin.version() + " (" + pin.where() + ")";
    Map<String, IndexFile> bySha = new LinkedHashMap<>();
    List<String> noHash = new ArrayList<>();
    List<String> ofVersion = new ArrayList<>();
    for (IndexFile f : links) {
      DistFileName.parse(f.fileName(), project).filter(d -> pin.version().matches(d.version())).ifPresent(d -> {
        ofVersion.add(f.fileName());
        if (f.sha256().isEmpty()) {
          noHash.add(f.fileName());
        } else if (pin.sha256().contains(f.sha256().get())) {
          IndexFile first = bySha.putIfAbsent(f.sha256().get(), f);
          if (first != null && !first.fileName().equals(f.fileName())) {
            throw new FetchException(what + ": " + page + " gives " + first.fileName() + " and " + f.fileName()
                + " the same sha256");
          }
        }
      });
    }
    List<String> missing = pin.sha256().stream().filter(h -> !bySha.containsKey(h)).toList();
    if (!missing.isEmpty()) {
      throw new FetchException(what + ": " + shown + ": no file on " + page + " has the listed sha256 "
          + String.join(", ", missing) + (ofVersion.isEmpty() ? " (the page has no file of that version)"
          : " (files of that version there: " + String.join(", ", ofVersion) + ")")
          + (noHash.isEmpty() ? "" : "; the page gives no sha256 for " + String.join(", ", noHash)));
    }
    return List.copyOf(bySha.values());
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
