package dev.airlock.scan.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.docker.DockerfileLexer;
import dev.airlock.docker.Placeholders;
import dev.airlock.docker.SecretRule;
import dev.airlock.scan.core.Finding;
import dev.airlock.scan.core.Location;
import dev.airlock.scan.core.Rule;
import dev.airlock.scan.core.ScanContext;
import dev.airlock.scan.docker.DockerfileScanner;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for an image config (or a legacy per-layer {@code json}): secret-named {@code Env} and
 * {@code Labels} with a value, secret options in {@code Cmd}/{@code Entrypoint}, {@code OnBuild}
 * triggers (checked as Dockerfile instructions), and every {@code history[].created_by}: build args
 * ({@code |2 TOKEN=… B=… /bin/sh -c …}), and ARG/ENV values recorded there.
 */
final class ImageConfigRules {
  private static final Pattern BUILD_ARGS = Pattern.compile("^(?:RUN )?\\|(\\d+) (.*)$", Pattern.DOTALL);
  private static final Pattern NOP = Pattern.compile("^(?:/bin/sh -c #\\(nop\\)\\s+)?(ARG|ENV|LABEL)\\s+(.*)$",
      Pattern.DOTALL);
  private static final Pattern CMD_SECRET = Pattern.compile(
      "(?i)--?(password|passwd|token|secret|api-?key|auth-?token|access-?token)[= ](\\S+)");

  private final ScanContext ctx;

  ImageConfigRules(ScanContext ctx) {
    this.ctx = ctx;
  }

  /** Whether {@code json} looks like an image config or a legacy layer json. */
  static boolean isConfig(JsonNode json) {
    return json.isObject() && (json.has("config") || json.has("container_config") || json.has("history"))
        && (json.has("rootfs") || json.has("architecture") || json.has("id") || json.has("history"));
  }

  void check(JsonNode json, Location where) {
    for (String block : List.of("config", "container_config")) {
      JsonNode c = json.path(block);
      String p = "/" + block;
      c.path("Env").forEach(e -> envVar(e.asText(), Rule.IMAGE_ENV, where.child(p + "/Env")));
      for (Map.Entry<String, JsonNode> l : c.path("Labels").properties()) {
        value(l.getKey(), l.getValue().asText(), Rule.IMAGE_LABEL, where.child(p + "/Labels"));
      }
      for (String cmd : List.of("Cmd", "Entrypoint")) {
        StringBuilder sb = new StringBuilder();
        c.path(cmd).forEach(a -> sb.append(a.asText()).append(' '));
        // the legacy builder records each step's command here, build args first: |1 TOKEN=… /bin/sh -c …
        createdBy(sb.toString(), where.child(p + "/" + cmd));
        Matcher m = CMD_SECRET.matcher(sb);
        while (m.find()) {
          if (!Placeholders.isPlaceholder(m.group(2))) {
            ctx.sink().finding(new Finding(Rule.IMAGE_CMD_SECRET, where.child(p + "/" + cmd),
                ctx.fingerprints().of(m.group(2)), "option --" + m.group(1).toLowerCase(Locale.ROOT)));
          }
        }
      }
      JsonNode onBuild = c.path("OnBuild");
      for (int i = 0; i < onBuild.size(); i++) {
        String t = onBuild.get(i).asText().strip();
        int sp = t.indexOf(' ');
        if (sp > 0) {
          new DockerfileScanner(ctx).instruction(t.substring(0, sp).toUpperCase(Locale.ROOT), t.substring(sp + 1),
              new DockerfileLexer.Instruction("ONBUILD", t, 0, List.of()), where.child(p + "/OnBuild/" + i));
        }
      }
    }
    JsonNode history = json.path("history");
    for (int i = 0; i < history.size(); i++) {
      createdBy(history.get(i).path("created_by").asText(""), where.child("/history/" + i + "/created_by"));
    }
  }

  private void createdBy(String text, Location at) {
    String t = text.strip();
    Matcher args = BUILD_ARGS.matcher(t);
    if (args.matches()) {
      int n = Integer.parseInt(args.group(1));
      String[] words = args.group(2).split(" ");
      for (int i = 0; i < Math.min(n, words.length); i++) {
        envVar(words[i], Rule.IMAGE_BUILD_ARG, at);
      }
      return;
    }
    Matcher nop = NOP.matcher(t);
    if (nop.matches()) {
      Rule rule = switch (nop.group(1)) {
        case "ARG" -> Rule.IMAGE_BUILD_ARG;
        case "LABEL" -> Rule.IMAGE_LABEL;
        default -> Rule.IMAGE_ENV;
      };
      for (String w : nop.group(2).split("\\s+")) {
        envVar(w, rule, at);
      }
    }
  }

  private void envVar(String kv, Rule rule, Location at) {
    int eq = kv.indexOf('=');
    if (eq > 0) {
      value(kv.substring(0, eq), kv.substring(eq + 1), rule, at);
    }
  }

  private void value(String name, String value, Rule rule, Location at) {
    String v = value.strip();
    if (SecretRule.variable(name, Optional.of(v), true).tier() == SecretRule.Tier.ERROR) {
      ctx.sink().finding(new Finding(rule, at, ctx.fingerprints().of(v), name));
    }
  }
}
