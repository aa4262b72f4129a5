package dev.airlock.scan.core;

/**
 * The kinds of credential value the known-secret tier searches for, and which forms each one is
 * searched in. A new kind of credential is one constant here plus one line where it is loaded.
 */
public enum SecretKind {
  TOKEN("token", NeedleForms.Style.TEXT),
  BASIC_PASSWORD("basic password", NeedleForms.Style.TEXT),
  NETRC_PASSWORD("netrc password", NeedleForms.Style.TEXT),
  SSH_PASSPHRASE("ssh key passphrase", NeedleForms.Style.TEXT),
  SSH_PRIVATE_KEY("ssh private key", NeedleForms.Style.PEM_BODY),
  NPMRC_CREDENTIAL("npmrc credential", NeedleForms.Style.TEXT),
  MAVEN_SETTINGS_PASSWORD("maven settings password", NeedleForms.Style.TEXT),
  PYPIRC_PASSWORD("pypirc password", NeedleForms.Style.TEXT),
  HELPER_PASSWORD("credential helper password", NeedleForms.Style.TEXT),
  PROXY_PASSWORD("proxy password", NeedleForms.Style.TEXT);

  private final String label;
  private final NeedleForms.Style style;

  SecretKind(String label, NeedleForms.Style style) {
    this.label = label;
    this.style = style;
  }

  public String label() {
    return label;
  }

  public NeedleForms.Style style() {
    return style;
  }
}
