package dev.airlock.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code airlock completion bash|zsh}: picocli's completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a shell completion script.",
        "bash: source <(airlock completion bash)   (or save it in /etc/bash_completion.d/airlock)",
        "zsh:  source <(airlock completion zsh)    (the script loads zsh's bashcompinit itself)"})
public final class CompletionCommand implements Callable<Integer> {
  /** The shells the script supports. */
  public enum Shell { bash, zsh }

  @ParentCommand AirlockCommand root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    // One script serves both: picocli's bash script turns on bashcompinit when zsh sources it.
    String script = AutoComplete.bash("airlock", spec.root().commandLine());
    root.context.console().document(script);
    return 0;
  }
}
