package dev.airlock.manifest;

import dev.airlock.error.UsageException;
import dev.airlock.io.BoundedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fully pinned pip requirements file, as {@code pip-compile --generate-hashes} and
 * {@code uv export} write it: every requirement {@code NAME[EXTRAS]==VERSION [; MARKER]} with at
 * least one {@code --hash=sha256:HEX}. Line continuations ({@code \}), comments and blank lines are
 * read as pip reads them; {@code -r}/{@code -c} (and the long forms) include another file relative
 * to the including one, each read once. Markers are kept but do not filter (the hashes decide).
 * Index options ({@code --index-url}, {@code --extra-index-url}, {@code --find-links}, …) are
 * ignored: the manifest's index decides where files come from. Everything else — an unpinned or
 * hash-less requirement, an editable or URL requirement, an unknown option — is an error naming
 * {@code FILE:LINE}. Messages never repeat an option's value (an index URL may hold a password).
 */
public final class RequirementsFile {
  /** One pinned package: its name as written, the version, its allowed sha256 values, where it was. */
  public record Pin(String project, Pep440Version version, List<String> sha256, String where) {
    public Pin {
      sha256 = List.copyOf(sha256);
    }
  }

  /** The pins in file order (one per normalised name), the sha256 over every file read, those files. */
  public record Result(List<Pin> pins, String sha256, List<Path> files, List<String> errors) {}

  private static final Pattern REQUIREMENT = Pattern.compile(
      "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*(.*)");
  private static final Pattern PIN = Pattern.compile("==\\s*([^\\s,;=<>!~*]+)\\s*");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
  /** Options that name another file of the same format. */
  private static final Set<String> INCLUDES = Set.of("-r", "--requirement", "-c", "--constraint");
  /** Options that say where to look or how to build, not what to install: ignored. */
  private static final Set<String> IGNORED_WITH_VALUE = Set.of("-i", "--index-url", "--extra-index-url", "-f",
      "--find-links", "--trusted-host", "--no-binary", "--only-binary", "--use-feature");
  private static final Set<String> IGNORED_FLAGS = Set.of("--no-index", "--pre", "--prefer-binary",
      "--require-hashes");
  /** pip's other requirements-file options, named in messages (with no value). */
  private static final Set<String> PIP_OPTIONS = Set.of("--global-option", "--install-option", "--config-settings",
      "--no-deps", "--use-pep517", "--no-use-pep517", "--no-build-isolation", "-e", "--editable", "-Z",
      "--always-unzip", "--hash");
  private static final int MAX_FILES = 256;
  /** A requirements file of thousands of pins with every platform's hash stays far below this. */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private final Path first;
  private final Path displayBase;
  private final Map<String, Pin> pins = new LinkedHashMap<>();
  private final Set<Path> read = new LinkedHashSet<>();
  private final List<String> errors = new ArrayList<>();
  private final MessageDigest digest;

  private RequirementsFile(Path first, Path displayBase) {
    this.first = first;
    this.displayBase = displayBase;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@code file} and its includes; {@code errors} lists every problem (empty when none).
   * Files are named relative to {@code displayBase} (the manifest's folder) in messages.
   */
  public static Result read(Path file, Path displayBase) {
    RequirementsFile r = new RequirementsFile(file.toAbsolutePath().normalize(),
        displayBase.toAbsolutePath().normalize());
    r.readFile(r.first, null);
    return new Result(List.copyOf(r.pins.values()), HexFormat.of().formatHex(r.digest.digest()), List.copyOf(r.read),
        List.copyOf(r.errors));
  }

  private void readFile(Path file, String includedAt) {
    Path f = file.toAbsolutePath().normalize();
    if (!read.add(f)) {
      return; // each file once: an include cycle or a diamond is read a single time
    }
    if (read.size() > MAX_FILES) {
      errors.add(includedAt + ": more than " + MAX_FILES + " included files");
      return;
    }
    byte[] bytes;
    try {
      bytes = BoundedFile.read(f, MAX_BYTES, includedAt == null ? display(f) : includedAt + ": " + display(f));
    } catch (UsageException e) {
      errors.add(e.getMessage());
      return;
    }
    digest.update((display(f) + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
    StringBuilder logical = new StringBuilder();
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (logical.length() == 0) {
        start = i + 1;
      }
      // pip strips comments before joining continuations: a comment line ends the joined line
      if (line.endsWith("\\") && !COMMENT.matcher(line).lookingAt()) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      line(f, start, COMMENT.matcher(logical.toString()).replaceFirst("").strip());
      logical.setLength(0);
    }
    if (logical.length() > 0) {
      line(f, start, COMMENT.matcher(logical.toString()).replaceFirst("").strip());
    }
  }

  private void line(Path file, int lineNo, String text) {
    if (text.isEmpty()) {
      return;
    }
    String where = display(file) + ":" + lineNo;
    List<String> tokens = List.of(text.split("\\s+"));
    if (text.startsWith("-")) {
      option(file, where, tokens);
      return;
    }
    int opt = 0;
    while (opt < tokens.size() && !tokens.get(opt).startsWith("-")) {
      opt++;
    }
    String requirement = String.join(" ", tokens.subList(0, opt));
    List<String> hashes = new ArrayList<>();
    for (int i = opt; i < tokens.size(); i++) {
      String t = tokens.get(i);
      String value;
      if (t.startsWith("--hash=")) {
        value = t.substring(7);
      } else if (t.equals("--hash") && i + 1 < tokens.size()) {
        value = tokens.get(++i);
      } else {
        errors.add(where + ": unsupported option " + optionName(t) + " on a requirement (only --hash)");
        return;
      }
      int colon = value.indexOf(':');
      String alg = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
      String hex = colon < 0 ? "" : value.substring(colon + 1);
      if (alg.equals("sha256") && HEX64.matcher(hex).matches()) {
        hashes.add(hex.toLowerCase(Locale.ROOT));
      } else if (!alg.equals("sha384") && !alg.equals("sha512")) {
        errors.add(where + ": --hash must be sha256:<64 hex digits>");
        return;
      }
    }
    requirement(where, requirement, hashes);
  }

  private void requirement(String where, String text, List<String> hashes) {
    String spec = text;
    int semi = spec.indexOf(';');
    if (semi >= 0) {
      spec = spec.substring(0, semi).strip(); // the marker is kept in the file and decides nothing here
    }
    Matcher m = REQUIREMENT.matcher(spec);
    if (!m.matches() || spec.contains("@") || spec.contains("://")) {
      errors.add(where + ": not a pinned requirement NAME==VERSION"
          + (spec.contains("@") || spec.contains("://") ? " (URL requirements are not supported)" : ""));
      return;
    }
    String name = m.group(1);
    Matcher pin = PIN.matcher(m.group(2));
    if (!pin.matches() || Pep440Version.parse(pin.group(1)).isEmpty()) {
      errors.add(where + ": " + name + " is not pinned to one version (write " + name + "==VERSION, as "
          + "pip-compile --generate-hashes does)");
      return;
    }
    if (hashes.isEmpty()) {
      errors.add(where + ": " + name + " has no --hash=sha256:… (airlock verifies every file against the "
          + "hashes this file lists; generate it with pip-compile --generate-hashes or uv export)");
      return;
    }
    Pep440Version version = Pep440Version.parse(pin.group(1)).orElseThrow();
    String key = PypiSource.normalize(name);
    Pin before = pins.get(key);
    if (before == null) {
      pins.put(key, new Pin(name, version, hashes, where));
    } else if (!before.version().equals(version)) {
      errors.add(where + ": " + name + "==" + version + " conflicts with " + before.project() + "=="
          + before.version() + " at " + before.where());
    } else {
      LinkedHashSet<String> union = new LinkedHashSet<>(before.sha256());
      union.addAll(hashes);
      pins.put(key, new Pin(before.project(), version, List.copyOf(union), before.where()));
    }
  }

  private void option(Path file, String where, List<String> tokens) {
    String first = tokens.get(0);
    String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
    String value = first.contains("=") ? first.substring(first.indexOf('=') + 1)
        : tokens.size() > 1 ? String.join(" ", tokens.subList(1, tokens.size())) : "";
    if (name.length() > 2 && name.charAt(1) != '-' && INCLUDES.contains(name.substring(0, 2))) {
      value = name.substring(2) + (value.isEmpty() ? "" : " " + value); // -rother.txt
      name = name.substring(0, 2);
    }
    if (INCLUDES.contains(name)) {
      if (value.isEmpty()) {
        errors.add(where + ": " + name + " needs a file name");
      } else if (value.contains("://")) {
        errors.add(where + ": " + name + " with a URL is not supported (name a file beside this one)");
      } else {
        Path parent = file.getParent();
        Path target;
        try {
          target = parent == null ? Path.of(value) : parent.resolve(value);
        } catch (InvalidPathException e) {
          errors.add(where + ": " + name + " names a path this system cannot open");
          return;
        }
        readFile(target, where);
      }
    } else if (name.equals("-e") || name.equals("--editable")) {
      errors.add(where + ": editable requirements are not supported (they are not pinned files)");
    } else if (!IGNORED_WITH_VALUE.contains(name) && !IGNORED_FLAGS.contains(name)) {
      errors.add(where + ": unsupported option " + optionName(name));
    }
  }

  /** An option's name, only when it is one pip knows: an unknown word could be a pasted secret. */
  private static String optionName(String token) {
    String n = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
    return PIP_OPTIONS.contains(n) ? n : "(not a pip option)";
  }

  /** The file as the user knows it, relative to the manifest's folder (also outside it: {@code ../x}). */
  private String display(Path f) {
    return displayBase.relativize(f).toString().replaceAll("\\p{Cntrl}", "?");
  }
}
