package dev.airlock.credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code machine} or {@code default} entry of a netrc file.
 *
 * @param machine the host name as written in the file; empty for the {@code default} entry
 * @param login the {@code login} value, if the entry has one
 * @param password the {@code password} value, if the entry has one
 * @param line the 1-based line on which the entry's {@code machine}/{@code default} keyword stands
 */
public record NetrcEntry(
    Optional<String> machine, Optional<String> login, Optional<Secret> password, int line) {

  public NetrcEntry {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(password, "password");
  }

  public boolean isDefault() {
    return machine.isEmpty();
  }

  /** Says whether a password is set, never what it is. */
  @Override
  public String toString() {
    return "NetrcEntry[" + machine.map(m -> "machine=" + m).orElse("default")
        + ", login=" + login.orElse("(none)")
        + ", password=" + (password.isPresent() ? SecretRegistry.MASK : "(none)")
        + ", line=" + line + "]";
  }
}
