package dev.airlock.manifest;

import dev.airlock.common.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/**
 * Reads and validates {@code fetch.yaml}. Every problem is collected and thrown at once as a
 * {@link ManifestException}, each line {@code NAME:LINE:COL: PATH: message} with 1-based line and
 * column and zero-based list indexes ({@code sources[0]} is the first source).
 */
public final class ManifestReader {
  private ManifestReader() {}

  /**
   * @param file the manifest; relative paths resolve against {@code env.workingDir()}
   * @param displayName how errors name the file, e.g. {@code fetch.yaml} as the user typed it
   */
  public static Manifest read(Path file, String displayName, Environment env) {
    Path abs = env.workingDir().resolve(file).normalize();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(abs)) {
      bytes = in.readNBytes(YamlLoader.MAX_CODE_POINTS + 1);
    } catch (NoSuchFileException e) {
      throw new ManifestException(List.of(displayName + ": no such file"));
    } catch (IOException e) {
      throw new ManifestException(List.of(displayName + ": cannot read: " + e.getClass().getSimpleName()));
    }
    Problems problems = new Problems(displayName);
    if (bytes.length > YamlLoader.MAX_CODE_POINTS) {
      problems.add(null, "", "the manifest is larger than 1 MiB");
      problems.throwIfAny();
    }
    String text = decodeUtf8(bytes, problems);
    problems.throwIfAny();
    return parse(text, abs, displayName, env);
  }

  /** Validates manifest text as if read from {@code file} (which only sets the base folder). */
  public static Manifest parse(String yaml, Path file, String displayName, Environment env) {
    Path abs = env.workingDir().resolve(file).normalize();
    Problems problems = new Problems(displayName);
    ParseContext ctx = new ParseContext(problems, abs.getParent(), env,
        Collections.newSetFromMap(new IdentityHashMap<Mark, Boolean>()));
    String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
    Manifest manifest = YamlLoader.load(text, ctx)
        .flatMap(root -> ManifestParser.parse(root, abs, ctx))
        .orElse(null);
    problems.throwIfAny();
    if (manifest == null) {
      throw new IllegalStateException("manifest rejected without an error being reported");
    }
    return manifest;
  }

  /** Strict UTF-8; a bad byte is reported with its line and column. */
  private static String decodeUtf8(byte[] bytes, Problems problems) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int line = 0;
      int lineStart = 0;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      problems.addAt(line, in.position() - lineStart, "", "not valid UTF-8");
      return "";
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
