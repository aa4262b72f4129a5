package dev.airlock.credentials;

import dev.airlock.error.UsageException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .pypirc file read as twine reads it (Python's {@code RawConfigParser}): {@code [section]}
 * headers, {@code key = value} or {@code key: value} with keys folded to lower case, full-line
 * {@code #}/{@code ;} comments, indented continuation lines, no interpolation, a {@code [DEFAULT]}
 * section that every section inherits, and duplicate sections or keys refused. Messages name the
 * file and line, never a value.
 */
final class Pypirc {
  private static final Pattern SECTION = Pattern.compile("\\[(?<name>[^]]+)\\]");
  private static final Pattern OPTION = Pattern.compile("(?<key>.*?)\\s*(?<delim>[=:])\\s*(?<value>.*)$");

  private final Map<String, Map<String, String>> sections;

  private Pypirc(Map<String, Map<String, String>> sections) {
    this.sections = sections;
  }

  static Pypirc parse(String text, String fileName) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    String lastKey = null;
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String stripped = line.strip();
      if (stripped.startsWith("#") || stripped.startsWith(";")) {
        continue;
      }
      if (stripped.isEmpty()) {
        lastKey = null;
        continue;
      }
      boolean indented = Character.isWhitespace(line.charAt(0));
      if (indented && current != null && lastKey != null) {
        current.put(lastKey, current.get(lastKey) + "\n" + stripped); // a continuation line
        continue;
      }
      Matcher s = SECTION.matcher(stripped);
      if (s.matches()) {
        String name = s.group("name");
        if (sections.containsKey(name)) {
          throw new UsageException(fileName + ":" + (i + 1) + ": section [" + name + "] appears twice");
        }
        current = new LinkedHashMap<>();
        sections.put(name, current);
        lastKey = null;
        continue;
      }
      if (current == null) {
        throw new UsageException(fileName + ":" + (i + 1) + ": a setting before the first [section]");
      }
      Matcher o = OPTION.matcher(stripped);
      if (!o.matches() || o.group("key").isEmpty()) {
        throw new UsageException(fileName + ":" + (i + 1) + ": not a 'key = value' line");
      }
      String key = o.group("key").strip().toLowerCase(Locale.ROOT);
      if (current.containsKey(key)) {
        throw new UsageException(fileName + ":" + (i + 1) + ": '" + key + "' appears twice in its section");
      }
      current.put(key, o.group("value").strip());
      lastKey = key;
    }
    return new Pypirc(sections);
  }

  boolean hasSection(String name) {
    return sections.containsKey(name) && !name.equals("DEFAULT");
  }

  Set<String> sectionNames() {
    return sections.keySet();
  }

  /** A section's value for {@code key}, else {@code [DEFAULT]}'s; empty when blank. */
  Optional<String> get(String section, String key) {
    String v = sections.getOrDefault(section, Map.of()).get(key);
    if (v == null) {
      v = sections.getOrDefault("DEFAULT", Map.of()).get(key);
    }
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
