package dev.airlock.cli;

import dev.airlock.cli.options.JsonOption;
import dev.airlock.cli.options.ManifestOptions;
import dev.airlock.cli.options.OutputOptions;
import dev.airlock.console.Console;
import dev.airlock.error.CheckFailedException;
import dev.airlock.lock.Lock;
import dev.airlock.lock.LockFile;
import dev.airlock.manifest.Manifest;
import dev.airlock.scan.KnownSecretsLoader;
import dev.airlock.scan.core.KnownSecrets;
import dev.airlock.verify.VerifyService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code airlock verify}: offline check of vendor against the lock. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Offline: the vendor dir matches fetch.lock byte for byte and holds no known credential.")
public final class VerifyCommand implements Callable<Integer> {
  @ParentCommand AirlockCommand root;
  @Mixin ManifestOptions manifestOptions;
  @Mixin OutputOptions output;
  @Mixin JsonOption json;

  @Option(names = "--netrc", paramLabel = "FILE",
      description = "netrc file whose passwords to look for (default: $NETRC, else ~/.netrc).")
  Path netrc;

  @Override
  public Integer call() {
    CliContext ctx = root.context;
    Console console = ctx.console(output.verbosity());
    Manifest manifest = manifestOptions.load(ctx.env());
    Optional<Lock> maybeLock = LockFile.read(manifest.lockFile());
    if (maybeLock.isEmpty()) {
      CheckFailedException e = new CheckFailedException("no fetch.lock beside " + manifestOptions.displayName()
          + "; run `airlock fetch` first");
      if (json.enabled()) {
        console.document(VerifyReport.failure(e.exitCode(), e.getMessage()));
      }
      throw e;
    }
    Lock lock = maybeLock.get();
    KnownSecrets known = KnownSecretsLoader.load(manifest, ctx.env(), ctx.secrets(),
        Optional.ofNullable(netrc).map(p -> ctx.env().workingDir().resolve(p)), console::debug);
    known.unavailable().forEach(u -> console.debug("not searched for: " + u));
    VerifyService.Report r = VerifyService.verify(manifest, lock, known);
    if (json.enabled()) {
      console.document(VerifyReport.of(r));
      if (!r.ok()) {
        throw new CheckFailedException("vendor dir does not match fetch.lock");
      }
      return 0;
    }
    print(console, "missing", r.missing());
    print(console, "changed", r.changed());
    print(console, "extra", r.extra());
    print(console, "not locked", r.unlocked());
    print(console, "credential found in", r.secretHits());
    if (!r.ok()) {
      throw new CheckFailedException("vendor dir does not match fetch.lock");
    }
    console.result("ok: " + r.checked() + (r.checked() == 1 ? " file matches" : " files match") + " fetch.lock");
    return 0;
  }

  private static void print(Console console, String what, List<String> items) {
    items.forEach(i -> console.result(what + ": " + i));
  }
}
