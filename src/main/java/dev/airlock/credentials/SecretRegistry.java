package dev.airlock.credentials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The output scrubber: every secret value read by this run, and the forms it could take on the wire
 * (raw, base64 of {@code user:pass}, URL-encoded). {@link #scrub} replaces each of them in a piece
 * of text; the console runs every line through it, so even a bug that puts a value into a message
 * cannot print it. It only scrubs: what a scan looks for is {@code scan.core.KnownSecrets}, collected
 * by {@code scan.KnownSecretsLoader}, never read back from here.
 */
public final class SecretRegistry {
  /** Shorter values would scrub ordinary words; they are still never printed by our own code. */
  static final int MIN_SCRUB_LENGTH = 3;
  public static final String MASK = "****";

  private final List<String> forms = new CopyOnWriteArrayList<>();
  private final List<Secret> secrets = new CopyOnWriteArrayList<>();
  private volatile List<String> sortedForms = List.of();

  public Secret register(Secret secret) {
    if (!secrets.contains(secret)) {
      secrets.add(secret);
      addForms(secret.reveal());
    }
    return secret;
  }

  public Secret register(String value) {
    return register(Secret.of(value));
  }

  /** Registers {@code user:password} as it appears in a Basic header. */
  public void registerBasic(String user, Secret password) {
    register(password);
    register(Secret.of(user + ":" + password.reveal()));
  }

  private void addForms(String value) {
    if (value.length() < MIN_SCRUB_LENGTH) {
      return;
    }
    Set<String> add = new LinkedHashSet<>();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    add.add(value);
    add.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    add.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    add.add(Base64.getEncoder().encodeToString(bytes));
    add.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    add.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    synchronized (this) {
      for (String f : add) {
        if (f.length() >= MIN_SCRUB_LENGTH && !forms.contains(f)) {
          forms.add(f);
        }
      }
      List<String> sorted = new ArrayList<>(forms);
      sorted.sort(Comparator.comparingInt(String::length).reversed());
      sortedForms = List.copyOf(sorted);
    }
  }

  public String scrub(String text) {
    if (text == null || forms.isEmpty()) {
      return text;
    }
    String out = text;
    for (String f : sortedForms) {
      if (out.contains(f)) {
        out = out.replace(f, MASK);
      }
    }
    return out;
  }
}
