package dev.airlock.scan.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a finding is: a chain of parts from the outermost input inwards (a file, an archive member,
 * an image layer, a path in the layer, a JSON pointer), an optional 1-based line and byte offset in
 * the innermost part, and an optional note such as "in image history: deleted by layer 4".
 */
public record Location(List<String> parts, long line, long offset, Optional<String> note) {
  public Location {
    parts = List.copyOf(parts);
    Objects.requireNonNull(note, "note");
  }

  public static Location of(String first) {
    return new Location(List.of(first), 0, -1, Optional.empty());
  }

  public Location child(String part) {
    List<String> p = new ArrayList<>(parts);
    p.add(part);
    return new Location(p, 0, -1, note);
  }

  public Location at(long line, long offset) {
    return new Location(parts, line, offset, note);
  }

  public Location withNote(String n) {
    return new Location(parts, line, offset, Optional.of(n));
  }

  public Location withPart(int index, String part) {
    List<String> p = new ArrayList<>(parts);
    p.set(index, part);
    return new Location(p, line, offset, note);
  }

  public String first() {
    return parts.get(0);
  }

  public String last() {
    return parts.get(parts.size() - 1);
  }

  /** {@code a.tar!/layer!/etc/x:3}; a JSON pointer part reads {@code config!/Env/2}. */
  public String display() {
    return line > 0 ? path() + ":" + line : path();
  }

  /** {@link #display()} without the line. */
  public String path() {
    StringBuilder sb = new StringBuilder(parts.get(0));
    for (int i = 1; i < parts.size(); i++) {
      sb.append(parts.get(i).startsWith("/") ? "!" : "!/").append(parts.get(i));
    }
    return sb.toString();
  }
}
