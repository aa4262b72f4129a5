package dev.airlock.testing;

import dev.airlock.Main;
import dev.airlock.cli.CliContext;
import dev.airlock.common.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with its own working dir, $HOME and variables; captures out and err. */
public final class CliRunner {
  public record Result(int exit, String out, String err) {
    public String all() {
      return out + "\n" + err;
    }
  }

  private final Path cwd;
  private final Path home;
  private final Map<String, String> env = new HashMap<>();

  public CliRunner(Path cwd, Path home) {
    this.cwd = cwd;
    this.home = home;
    env.put("HOME", home.toString());
  }

  public CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(new Environment(env, home, cwd), new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    int code = Main.run(args, ctx);
    return new Result(code, out.toString(), err.toString());
  }
}
