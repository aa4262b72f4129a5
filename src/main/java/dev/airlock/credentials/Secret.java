package dev.airlock.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * A credential value. It never prints itself: {@link #toString()} is {@code ****}. The value is
 * reachable only through {@link #reveal()}, which call sites use at the last moment (building a
 * header, answering an SSH key prompt). Every secret created through {@link SecretRegistry#register}
 * is also scrubbed from all console output.
 */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    return new Secret(value.toCharArray());
  }

  /** The value, for the one place that must send it. Never log or concatenate it into a message. */
  public String reveal() {
    return new String(value);
  }

  public char[] revealChars() {
    return value.clone();
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  public int length() {
    return value.length;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}
