package dev.airlock.scan.core;

import dev.airlock.docker.Placeholders;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The pattern tier: token formats, private key blocks, URLs with user:password, Authorization headers.
 * Triggers are chosen so that their first three bytes are rare in ordinary text ({@code ization:}
 * rather than {@code Authorization:}): the matcher stops wherever they could start.
 */
public final class Patterns {
  private static final String B = "(?<![A-Za-z0-9_])";
  private static final String E = "(?![A-Za-z0-9_])";
  /** {@code x://} for every letter or digit x a scheme can end with: four bytes, so the matcher can step by three. */
  private static final List<String> SCHEME_ENDS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      .chars().mapToObj(c -> (char) c + "://").toList();

  private Patterns() {}

  public static List<PatternRule> all() {
    return List.of(
        new PatternRule(Rule.PRIVATE_KEY, List.of("PRIVATE KEY-----", "PRIVATE KEY BLOCK-----"), 48, 600,
            Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[ \\t]*\\r?\\n"
                + "(?:[A-Za-z-]+:[^\\n]*\\n|[ \\t]*\\r?\\n)*([A-Za-z0-9+/=\\r\\n]{60,})"), 2, v -> true),
        new PatternRule(Rule.PRIVATE_KEY, List.of("PuTTY-User-Key-File-"), 0, 4096,
            Pattern.compile("PuTTY-User-Key-File-[0-9]: [^\\n]+\\n(?:[^\\n]*\\n){0,40}?Private-Lines: [0-9]+\\r?\\n"
                + "([A-Za-z0-9+/=]{16,})"), 1, v -> true),
        token(Rule.GITHUB_TOKEN, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), "gh[pousr]_([A-Za-z0-9]{36,255})"),
        // the same, with the '_' written as a JSON escape (the value, and so the fingerprint, is the same)
        new PatternRule(Rule.GITHUB_TOKEN, List.of("\\u005f", "\\u005F"), 3, 300,
            Pattern.compile(B + "gh[pousr]\\\\u005[fF]([A-Za-z0-9]{36,255})" + E), 1, v -> !isFiller(v)),
        new PatternRule(Rule.GITHUB_TOKEN, List.of("b_pat_"), 5, 300,
            Pattern.compile(B + "github_pat_([A-Za-z0-9_]{50,255})" + E), 1, v -> !isFiller(v)),
        token(Rule.GITLAB_TOKEN, List.of("glpat-"), "glpat-([A-Za-z0-9_-]{20,64})"),
        token(Rule.NPM_TOKEN, List.of("npm_"), "npm_([A-Za-z0-9]{36})"),
        token(Rule.PYPI_TOKEN, List.of("pypi-AgE"), "pypi-(AgE[A-Za-z0-9_-]{50,})"),
        new PatternRule(Rule.AWS_KEY, List.of("AKIA", "ASIA"), 0, 20,
            Pattern.compile("(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])"), 1, v -> !v.endsWith("EXAMPLE")),
        new PatternRule(Rule.AWS_KEY, List.of("aws_secret_access_key", "AWS_SECRET_ACCESS_KEY"), 0, 80,
            Pattern.compile("(?i)aws_secret_access_key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"), 1,
            v -> !v.contains("EXAMPLEKEY")),
        token(Rule.JFROG_TOKEN, List.of("AKCp"), "AKCp([A-Za-z0-9]{69})"),
        token(Rule.JFROG_TOKEN, List.of("cmVmdGtuOjAxOj"), "(cmVmdGtuOjAxOj[A-Za-z0-9]{40,})"),
        new PatternRule(Rule.URL_CREDENTIALS, SCHEME_ENDS, 32, 400,
            Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://([^\\s:/@\"'<>()\\[\\]{}\\\\]{1,128}):"
                + "([^\\s/@\"'<>\\\\]{1,256})@[A-Za-z0-9\\[]"), 2, v -> !Placeholders.isPlaceholder(v))
            .withPrecheck(Patterns::userinfoAhead),
        new PatternRule(Rule.AUTH_HEADER, List.of("ization:", "ization=", "ization\":", "ization':", "IZATION:",
            "IZATION=", "IZATION\":", "IZATION':"), 6, 600,
            Pattern.compile("(?i)authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token)\\s+"
                + "([A-Za-z0-9._~+/=-]{8,512})"), 1, Patterns::realHeaderValue),
        new PatternRule(Rule.AUTH_HEADER, List.of("E-TOKEN", "e-Token", "e-token"), 6, 200,
            Pattern.compile("(?i)private-token[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9._~+/=-]{8,256})"), 1,
            Patterns::realHeaderValue));
  }

  /** After {@code ://}: an {@code @} comes before the authority ends, with a {@code :} before it. */
  static boolean userinfoAhead(byte[] buf, int after, int to) {
    boolean colon = false;
    for (int i = after; i < to && i < after + 400; i++) {
      byte b = buf[i];
      if (b == '@') {
        return colon;
      }
      if (b == ':') {
        colon = true;
      } else if (b == '/' || b == '?' || b == '#' || b <= ' ' || b == '"' || b == '\'' || b == '<' || b == '>') {
        return false;
      }
    }
    return false;
  }

  private static PatternRule token(Rule rule, List<String> triggers, String body) {
    return new PatternRule(rule, triggers, 1, 300, Pattern.compile(B + body + E), 1, v -> !isFiller(v));
  }

  /** {@code ghp_xxxxxxxx…} and the like, written in docs as the shape of a token. */
  private static boolean isFiller(String v) {
    return v.chars().distinct().count() <= 3 || v.toLowerCase(Locale.ROOT).contains("example");
  }

  private static boolean realHeaderValue(String v) {
    return !Placeholders.isPlaceholder(v) && !isFiller(v);
  }
}
