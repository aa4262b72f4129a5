package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the npmrc files npm would read for a project and merges them: the project's
 * {@code .npmrc} beside the manifest, then the user's ({@code $NPM_CONFIG_USERCONFIG}, any case,
 * else {@code ~/.npmrc}). A file named in the manifest replaces both. A file that other users may
 * read or that another user owns is ignored with a warning, as a netrc file is.
 */
final class NpmrcLoader {
  /** The files that were read, highest priority first, and their merged keys. */
  record Loaded(List<Path> files, Npmrc npmrc) {}

  private NpmrcLoader() {}

  static Loaded load(Environment env, Optional<Path> explicitFile, Path projectDir, Consumer<String> warn) {
    List<Path> candidates = new ArrayList<>();
    if (explicitFile.isPresent()) {
      Path file = env.resolvePath(env.workingDir(), explicitFile.get().toString());
      if (!Files.exists(file)) {
        throw new UsageException("npmrc file not found: " + file);
      }
      candidates.add(file);
    } else {
      Path project = projectDir.resolve(".npmrc").normalize();
      Path user = userConfig(env);
      candidates.add(project);
      if (!user.equals(project)) {
        candidates.add(user);
      }
    }
    List<Path> used = new ArrayList<>();
    List<Npmrc> parsed = new ArrayList<>();
    for (Path file : candidates) {
      if (!Files.exists(file)) {
        continue; // npm ignores a missing config file
      }
      if (!Files.isRegularFile(file)) {
        throw new UsageException("npmrc file is not a regular file: " + file);
      }
      Optional<String> refusal = CredentialFile.refusal(file);
      if (refusal.isPresent()) {
        warn.accept("ignoring npmrc file " + file + ": " + refusal.get());
        continue;
      }
      parsed.add(Npmrc.parse(CredentialFile.read(file, "npmrc file"), file.toString(), env.variables()));
      used.add(file);
    }
    return new Loaded(List.copyOf(used), Npmrc.merge(parsed));
  }

  /** npm reads {@code npm_config_*} variables case-insensitively; a non-empty one names the user file. */
  static Path userConfig(Environment env) {
    Optional<String> named = env.get("NPM_CONFIG_USERCONFIG").or(() -> env.get("npm_config_userconfig"))
        .or(() -> env.variables().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase("npm_config_userconfig") && !e.getValue().isEmpty())
            .map(Map.Entry::getValue).sorted().findFirst());
    return named.map(v -> env.resolvePath(env.workingDir(), v)).orElse(env.home().resolve(".npmrc"));
  }
}
