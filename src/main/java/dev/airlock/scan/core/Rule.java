package dev.airlock.scan.core;

/**
 * Every rule {@code airlock scan} reports, with its stable id (used in JSON and SARIF), severity,
 * a title and a one-line fix hint. Messages and hints never contain a credential value.
 */
public enum Rule {
  KNOWN_SECRET("known-secret", Severity.ERROR, "A credential named in the manifest is present",
      "Rotate this credential now, then remove whatever put it there (rebuild images from scratch)."),
  KNOWN_SECRET_TOO_SHORT("known-secret/too-short", Severity.WARNING,
      "A credential is too short to prove it absent",
      "Use a credential of at least 8 characters, or pass --allow-short to accept the gap."),

  NETRC_FILE("credential-file/netrc", Severity.ERROR, "A .netrc file with a password",
      "Keep .netrc in your home directory only; let `airlock fetch` use it outside the build."),
  NPMRC_FILE("credential-file/npmrc", Severity.ERROR, "An .npmrc with an auth token or password",
      "Put tokens in ~/.npmrc or use ${NPM_TOKEN}; never copy an .npmrc with a value into the build."),
  PYPIRC_FILE("credential-file/pypirc", Severity.ERROR, "A .pypirc with a password",
      "Keep .pypirc out of the context; use keyring or an env variable at upload time."),
  PIP_CONF_FILE("credential-file/pip-conf", Severity.ERROR, "A pip.conf with a password in an index URL",
      "Vendor with `airlock fetch` instead of giving pip a private index inside the build."),
  MAVEN_SETTINGS_FILE("credential-file/maven-settings", Severity.ERROR,
      "A Maven settings.xml with a plain-text <password>",
      "Use ${env.VAR} or an encrypted {…} password, and keep settings.xml out of the image."),
  GIT_CREDENTIALS_FILE("credential-file/git-credentials", Severity.ERROR, "A .git-credentials file with a password",
      "Remove .git-credentials from the context; fetch git sources with `airlock fetch`."),
  GIT_CONFIG_FILE("credential-file/git-config", Severity.ERROR,
      "A git config with a password in a URL or an http extraheader",
      "Remove the credential from the remote URL / extraheader, or keep .git out of the context (.dockerignore)."),
  DOCKER_CONFIG_FILE("credential-file/docker-config", Severity.ERROR, "A Docker config.json with registry auths",
      "Keep ~/.docker/config.json out of the context and the image."),
  PRIVATE_KEY_FILE("credential-file/private-key", Severity.ERROR, "A private key or keystore file",
      "Remove the key from the context and image; rotate it if the image was shared."),

  PRIVATE_KEY("pattern/private-key", Severity.ERROR, "A private key block",
      "Remove the key; if it ever left your machine in an image or archive, rotate it."),
  GITHUB_TOKEN("pattern/github-token", Severity.ERROR, "A GitHub token",
      "Revoke the token on GitHub and remove it; pass tokens to `airlock fetch` via env, not files."),
  GITLAB_TOKEN("pattern/gitlab-token", Severity.ERROR, "A GitLab personal access token",
      "Revoke the token in GitLab and remove it from the file."),
  NPM_TOKEN("pattern/npm-token", Severity.ERROR, "An npm access token",
      "Revoke the token (npm token revoke) and remove it from the file."),
  PYPI_TOKEN("pattern/pypi-token", Severity.ERROR, "A PyPI API token",
      "Revoke the token on PyPI and remove it from the file."),
  AWS_KEY("pattern/aws-key", Severity.ERROR, "An AWS access key",
      "Deactivate the key in IAM and remove it; use roles or env at run time."),
  JFROG_TOKEN("pattern/jfrog-token", Severity.ERROR, "A JFrog API key or reference token",
      "Revoke the token in Artifactory and remove it from the file."),
  URL_CREDENTIALS("pattern/url-credentials", Severity.ERROR, "A URL with user:password",
      "Remove the password from the URL; let `airlock fetch` authenticate from the manifest's credentials."),
  AUTH_HEADER("pattern/authorization-header", Severity.ERROR, "An Authorization header with a value",
      "Remove the header value; credentials belong to the host-side fetch, not to files or commands."),

  IMAGE_ENV("image/env", Severity.ERROR, "A secret-named environment variable with a value in the image config",
      "Do not bake secrets into ENV; pass them at run time (docker run -e / a secret store)."),
  IMAGE_LABEL("image/label", Severity.ERROR, "A secret-named label with a value in the image config",
      "Remove the label; labels are readable by anyone who can pull the image."),
  IMAGE_BUILD_ARG("image/build-arg", Severity.ERROR, "A secret-named build argument recorded in the image history",
      "Never pass secrets with --build-arg: vendor with `airlock fetch` before docker build."),
  IMAGE_CMD_SECRET("image/cmd-secret", Severity.ERROR, "A secret-looking option value in Cmd/Entrypoint",
      "Pass the secret at run time, not in the image's command."),

  DOCKERFILE_SECRET_ARG("dockerfile/secret-arg", Severity.ERROR, "A secret-named ARG",
      "Drop the ARG: build args end up in the image history. Vendor with `airlock fetch` instead."),
  DOCKERFILE_SECRET_ENV("dockerfile/secret-env", Severity.ERROR, "A secret-named ENV with a value",
      "Drop the ENV: it is stored in the image config. Pass secrets at run time."),
  DOCKERFILE_SECRET_NAME("dockerfile/secret-name", Severity.WARNING, "An ARG/ENV whose name suggests a secret",
      "Check that no secret is passed this way (build args and ENV end up in the image); if none is, accept it in "
          + ".airlockignore.", false),
  DOCKERFILE_COPY_KEY_FILE("dockerfile/copy-key-file", Severity.WARNING,
      "COPY/ADD of a file named like a key (*.key, *.pem)",
      "Check that it is a public key or a certificate; a private key COPYed stays in the image's layers.", false),
  DOCKERFILE_COPY_CREDENTIALS("dockerfile/copy-credentials", Severity.ERROR,
      "COPY/ADD of a credential file", "Do not copy credential files: a later `RUN rm` does not remove them from the layer."),
  DOCKERFILE_WRITE_CREDENTIALS("dockerfile/write-credentials", Severity.ERROR,
      "A RUN or heredoc that writes a credential file",
      "Do not write credential files in the build; vendor with `airlock fetch` beforehand."),
  DOCKERFILE_ADD_URL_CREDENTIALS("dockerfile/add-url-credentials", Severity.ERROR,
      "ADD from a URL with user:password", "Fetch the file outside the build (`airlock fetch`) and COPY it."),

  COVERAGE_UNREADABLE("coverage/unreadable", Severity.WARNING, "An input could not be read",
      "Fix the permissions or the file, then scan again: unread content is not proven clean."),
  COVERAGE_PARTIAL("coverage/partial", Severity.WARNING, "An input was only partly scanned",
      "Inspect it by hand or raise the limit: unscanned content is not proven clean."),
  COVERAGE_ENCRYPTED("coverage/encrypted", Severity.WARNING, "An encrypted archive entry could not be scanned",
      "Encrypted content cannot be checked; keep encrypted archives out of the image or vendor them decrypted."),
  COVERAGE_UNSUPPORTED("coverage/unsupported-format", Severity.WARNING,
      "A compressed or archive format airlock cannot open",
      "Repack it as tar/zip/gzip, or inspect it by hand: its contents were not scanned."),
  COVERAGE_MEDIA_TYPE("coverage/unknown-media-type", Severity.WARNING, "An image layer with an unknown media type",
      "Check the image with its own tooling: this layer's content may not have been scanned."),
  COVERAGE_MISSING_BLOB("coverage/missing-blob", Severity.WARNING, "An image blob named by a manifest is absent",
      "Save the full image (docker save) and scan again.");

  private final String id;
  private final Severity severity;
  private final String title;
  private final String hint;
  private final boolean fails;

  Rule(String id, Severity severity, String title, String hint) {
    this(id, severity, title, hint, true);
  }

  Rule(String id, Severity severity, String title, String hint, boolean fails) {
    this.id = id;
    this.severity = severity;
    this.title = title;
    this.hint = hint;
    this.fails = fails;
  }

  /**
   * Whether a finding of this rule fails the scan (exit 1): every error, and the warnings that say
   * content was not proven clean; advisory warnings (a name that only suggests a secret) do not.
   */
  public boolean fails() {
    return fails;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String title() {
    return title;
  }

  public String hint() {
    return hint;
  }
}
