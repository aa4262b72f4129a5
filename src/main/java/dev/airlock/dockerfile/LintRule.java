package dev.airlock.dockerfile;

import java.util.Arrays;
import java.util.Optional;

/** The template lint's rules; {@code id} is what {@code --allow} takes. */
public enum LintRule {
  CREDENTIAL_FILE("credential-file", "COPY/ADD of a credential file (.netrc, .npmrc, keys, …)"),
  SECRET_ARG_ENV("secret-arg-env", "ARG/ENV whose name or value looks like a secret"),
  URL_CREDENTIALS("url-credentials", "a URL with user:password (or a token as user) in ADD, RUN, …"),
  CONTEXT_CREDENTIALS("context-credentials", "COPY of a folder whose context holds a credential file "
      + "that .dockerignore does not exclude");

  private final String id;
  private final String description;

  LintRule(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public static Optional<LintRule> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
