#!/usr/bin/env python3
"""Runs the job of a CI recipe (docs/ci/*.yml) on this machine, as its CI service would.

    recipe_runner.py github|gitlab RECIPE --workspace DIR --temp DIR --out DIR --cache-store DIR
                     [--secret NAME]... [--var NAME=VALUE]... [--env NAME=VALUE]... [--sha SHA]
                     [--airlock DIR]

scripts/ci-recipe-check uses it so that what runs is the text of the recipe files, not a copy.
The recipe is parsed (PyYAML) and its one job's shell steps are run in order, with the semantics
that matter here; every construct it does not know is an error (exit 2), never skipped silently.

GitHub Actions: `env` (workflow, job, step), `defaults.run.shell`/`working-directory`, `if:`
(`always()`, `success()`, `failure()`), `$GITHUB_ENV` and `$GITHUB_PATH` between steps, and the
expressions `secrets.X`, `vars.X`, `env.X`, `runner.temp`, `runner.os`, `github.sha` and
`github.workspace` in `env`/`with` values (an expression inside `run:` is refused: pass values
through `env:`). `uses:` steps are emulated, pinned to a major version: actions/checkout (the
workspace already is the checkout), actions/setup-java (java is on PATH) and actions/cache (its
`path` is restored from --cache-store before the next step and saved back after a job that
succeeded). Later steps are skipped after a failure unless their `if:` says otherwise.
airlock's own composite action (`uses: OWNER/airlock@vN`) is read from --airlock DIR/action.yml
and run as the runner runs a composite action: `inputs.X` (the `with:` values over the defaults),
`github.action_repository` and `github.action_path` in its steps' `env`, $GITHUB_ACTION_PATH, the
environment of the step that uses it; one record per step of it, named "STEP: SUBSTEP"; a failing
step ends the action.

GitLab CI: global and job `variables` (with `$VAR` expansion), CI/CD variables (--secret, --var)
in the environment of every script, `before_script` + `script` in one shell (busybox sh, as in
the Alpine-based docker:cli image, else sh; errexit), `after_script` in its own shell whatever
happened, and `cache.paths` restored before and saved after a job that succeeded. `image` and
`services` name the job's container: their place is taken by this machine, so before_script lines
that provision it (`apk add ...`) are not run, and the variables that point docker at the dind
service (DOCKER_HOST, DOCKER_TLS_CERTDIR, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) are dropped: the
local daemon builds instead. airlock's CI/CD component (`include: - component: .../airlock@V` with
`inputs:`) is read from --airlock DIR/templates/airlock.yml: the `spec: inputs:` defaults under
the given inputs, `$[[ inputs.X ]]` replaced in its text, its jobs added to the recipe's.

Steps get a clean environment: PATH, HOME, LANG, JAVA_HOME and TMPDIR of this process, --env
values (the runner machine's settings), the variables the CI service defines, and what the recipe
maps. A --secret's value is read from this process's environment by its name and reaches a step
only through the recipe (GitHub: `${{ secrets.NAME }}`; GitLab: every script, as CI/CD variables
do). Each step's stdout and stderr go to OUT/NN-NAME.out/.err; OUT/summary.json lists the steps.
Exit status: 0 the job succeeded, 1 it failed, 2 the recipe cannot be run here.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "JAVA_HOME", "TMPDIR")
STEP_TIMEOUT = 600
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Unsupported(Exception):
    pass


class Job:
    """What every step of a run shares: the settings, the outputs, the step records."""

    def __init__(self, args):
        self.args = args
        self.secrets = {}
        for name in args.secret:
            if name not in os.environ:
                raise Unsupported(f"--secret {name}: not set in the environment")
            self.secrets[name] = os.environ[name]
        self.vars = dict(kv.split("=", 1) for kv in args.var)
        self.base = {k: os.environ[k] for k in PASS_THROUGH if k in os.environ}
        self.base.update(kv.split("=", 1) for kv in args.env)
        self.base["CI"] = "true"
        self.steps = []
        os.makedirs(args.out, exist_ok=True)

    def run(self, name, shell, script, env, cwd):
        """Runs one shell step; records it; returns its exit status."""
        n = len(self.steps)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
        out = os.path.join(self.args.out, f"{n:02d}-{slug}")
        path = out + ".sh"
        with open(path, "w") as f:
            f.write(script)
        with open(out + ".out", "wb") as so, open(out + ".err", "wb") as se:
            try:
                rc = subprocess.run(shell + [path], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=so, stderr=se, timeout=STEP_TIMEOUT).returncode
            except subprocess.TimeoutExpired:
                rc = 124
        os.remove(path)  # the script text is in the recipe; its expansions stay out of the outputs
        self.steps.append({"name": name, "ran": True, "rc": rc, "stdout": out + ".out",
                           "stderr": out + ".err", "script": script})
        print(f"# {self.args.kind} step {n:02d} {name}: exit {rc}", file=sys.stderr)
        return rc

    def skip(self, name, why):
        self.steps.append({"name": name, "ran": False, "why": why})
        print(f"# {self.args.kind} step {len(self.steps) - 1:02d} {name}: not run ({why})", file=sys.stderr)


def copy_tree(src, dst):
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    if os.path.isdir(src):
        shutil.copytree(src, dst, symlinks=True)


# ---------------------------------------------------------------------------------------------
# GitHub Actions

GH_ACTIONS = {"actions/checkout", "actions/setup-java", "actions/cache"}
GH_STEP_KEYS = {"name", "id", "if", "env", "run", "uses", "with", "shell", "working-directory"}


def gh_expr(expr, ctx):
    m = re.fullmatch(r"(secrets|vars|env)\.([A-Za-z_][A-Za-z0-9_]*)", expr)
    if m:
        kind, name = m.groups()
        table = {"secrets": ctx["secrets"], "vars": ctx["vars"], "env": ctx["env"]}[kind]
        if name not in table:
            raise Unsupported(f"${{{{ {expr} }}}}: not provided to the check (--secret/--var/env)")
        return table[name]
    m = re.fullmatch(r"inputs\.([A-Za-z_][A-Za-z0-9_-]*)", expr)
    if m and "inputs" in ctx:
        if m.group(1) not in ctx["inputs"]:
            raise Unsupported(f"${{{{ {expr} }}}}: the action has no such input")
        return ctx["inputs"][m.group(1)]
    fixed = {"runner.temp": ctx["temp"], "runner.os": "Linux", "github.sha": ctx["sha"],
             "github.workspace": ctx["workspace"]}
    if "action_path" in ctx:
        fixed.update({"github.action_path": ctx["action_path"], "github.action_repository": ctx["action_repository"]})
    if expr in fixed:
        return fixed[expr]
    raise Unsupported(f"expression not emulated: ${{{{ {expr} }}}}")


def gh_value(value, ctx):
    return EXPR.sub(lambda m: gh_expr(m.group(1), ctx), str(value))


def gh_if(cond, failed):
    if cond is None:
        return not failed
    c = EXPR.sub(lambda m: m.group(1), str(cond)).strip()
    if c == "always()":
        return True
    if c == "success()":
        return not failed
    if c == "failure()":
        return failed
    raise Unsupported(f"if: {cond!r} is not emulated")


def gh_shell(name):
    if name in (None, ""):
        return ["bash", "-e"]
    if name == "bash":
        return ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
    if name == "sh":
        return ["sh", "-e"]
    raise Unsupported(f"shell: {name} is not emulated")


def read_env_file(path):
    """$GITHUB_ENV lines: NAME=VALUE, or NAME<<DELIMITER ... DELIMITER."""
    result = {}
    if not os.path.exists(path):
        return result
    lines = open(path).read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            i += 1
            result[name] = "\n".join(value)
        else:
            name, value = line.split("=", 1)
            result[name] = value
    return result


AIRLOCK_ACTION = re.compile(r"[A-Za-z0-9_.-]+/airlock")
COMPOSITE_STEP_KEYS = {"name", "shell", "env", "run"}


def load_composite(step, ctx, args):
    """airlock's action.yml: (its steps, the expression context they see, the action's folder)."""
    if not args.airlock:
        raise Unsupported(f"uses: {step['uses']}: give --airlock DIR (the repository with action.yml)")
    with open(os.path.join(args.airlock, "action.yml")) as f:
        action = yaml.safe_load(f)
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        raise Unsupported("action.yml: only a composite action is emulated")
    declared = action.get("inputs") or {}
    given = step.get("with") or {}
    unknown = set(given) - set(declared)
    if unknown:
        raise Unsupported(f"uses: {step['uses']}: unknown inputs {sorted(unknown)}")
    inputs = {k: str((v or {}).get("default", "")) for k, v in declared.items()}
    inputs.update({k: gh_value(v, ctx) for k, v in given.items()})
    sub_ctx = dict(ctx, inputs=inputs, action_path=os.path.abspath(args.airlock),
                   action_repository=step["uses"].partition("@")[0])
    for sub in runs.get("steps") or []:
        if set(sub) - COMPOSITE_STEP_KEYS or "run" not in sub or "shell" not in sub:
            raise Unsupported(f"action.yml: a step with keys {sorted(sub)} is not emulated")
    return runs.get("steps") or [], sub_ctx


def run_github(doc, job, args):
    jobs = doc.get("jobs") or {}
    if len(jobs) != 1:
        raise Unsupported(f"expected one job, found {len(jobs)}")
    job_name, spec = next(iter(jobs.items()))
    defaults = {**((doc.get("defaults") or {}).get("run") or {}), **((spec.get("defaults") or {}).get("run") or {})}
    ctx = {"secrets": job.secrets, "vars": job.vars, "temp": args.temp, "sha": args.sha,
           "workspace": args.workspace, "env": {}}
    env = dict(job.base)
    env.update({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": args.workspace, "GITHUB_SHA": args.sha,
                "RUNNER_TEMP": args.temp, "RUNNER_OS": "Linux", "GITHUB_JOB": job_name})
    for level in (doc.get("env") or {}, spec.get("env") or {}):
        ctx["env"] = {**ctx["env"], **{k: gh_value(v, ctx) for k, v in level.items()}}
    env.update(ctx["env"])
    extra_path = []
    failed = False
    post = []
    for i, step in enumerate(spec.get("steps") or []):
        unknown = set(step) - GH_STEP_KEYS
        if unknown:
            raise Unsupported(f"step {i}: keys not emulated: {sorted(unknown)}")
        name = step.get("name") or step.get("uses") or f"step {i}"
        if not gh_if(step.get("if"), failed):
            job.skip(name, "skipped after a failure" if failed else "if: false")
            continue
        if "uses" in step and AIRLOCK_ACTION.fullmatch(step["uses"].partition("@")[0]):
            if not re.fullmatch(r"v\d+", step["uses"].partition("@")[2]):
                raise Unsupported(f"uses: {step['uses']}: pin the action to its major version (@vN)")
            subs, sub_ctx = load_composite(step, ctx, args)
            caller_env = {k: gh_value(v, ctx) for k, v in (step.get("env") or {}).items()}
            for j, sub in enumerate(subs):
                if EXPR.search(sub["run"]):
                    raise Unsupported(f"action.yml: an expression inside run: of {sub.get('name')}")
                sub_env = dict(caller_env)
                sub_env.update({k: gh_value(v, sub_ctx) for k, v in (sub.get("env") or {}).items()})
                sub_env["GITHUB_ACTION_PATH"] = sub_ctx["action_path"]
                rc, extra_path = run_step(job, args, env, ctx, extra_path, f"{i}_{j}",
                                          f"{name}: {sub.get('name') or j}", gh_shell(sub["shell"]),
                                          sub["run"], sub_env, args.workspace)
                if rc != 0:
                    failed = True
                    break
            continue
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            if action not in GH_ACTIONS:
                raise Unsupported(f"uses: {step['uses']} is not emulated")
            if not re.fullmatch(r"v\d+", version):
                raise Unsupported(f"uses: {step['uses']}: pin the action to its major version (@vN)")
            if action == "actions/cache":
                path = gh_value((step.get("with") or {})["path"], ctx).strip()
                if "\n" in path:
                    raise Unsupported(f"{name}: one cache path only")
                if path.startswith("~/"):
                    path = env["HOME"] + path[1:]
                if os.path.isdir(args.cache_store):
                    copy_tree(args.cache_store, path)
                post.append(path)
                job.skip(name, f"emulated: {path} restored")
            else:
                job.skip(name, "emulated: this machine is the runner")
            continue
        run = step["run"]
        if EXPR.search(run):
            raise Unsupported(f"{name}: an expression inside run: (pass it through env:)")
        step_vars = {k: gh_value(v, ctx) for k, v in (step.get("env") or {}).items()}
        cwd = os.path.join(args.workspace, step.get("working-directory") or defaults.get("working-directory") or ".")
        rc, extra_path = run_step(job, args, env, ctx, extra_path, str(i), name,
                                  gh_shell(step.get("shell") or defaults.get("shell")), run, step_vars, cwd)
        failed = failed or rc != 0
    if not failed:
        for path in post:
            copy_tree(path, args.cache_store)
    return 1 if failed else 0


def run_step(job, args, env, ctx, extra_path, key, name, shell, script, step_vars, cwd):
    """One shell step with $GITHUB_ENV and $GITHUB_PATH; returns (its status, the new extra PATH)."""
    step_env = dict(env)
    step_env.update(step_vars)
    step_env["PATH"] = ":".join(extra_path + [env["PATH"]])
    files = {k: os.path.join(args.temp, f"_runner_{k.lower()}_{key}") for k in ("GITHUB_ENV", "GITHUB_PATH")}
    for k, p in files.items():
        open(p, "w").close()
        step_env[k] = p
    rc = job.run(name, shell, script, step_env, cwd)
    added = read_env_file(files["GITHUB_ENV"])
    env.update(added)
    ctx["env"].update(added)
    extra_path = [p for p in open(files["GITHUB_PATH"]).read().split("\n") if p][::-1] + extra_path
    for p in files.values():
        os.remove(p)
    return rc, extra_path


# ---------------------------------------------------------------------------------------------
# GitLab CI

GL_RESERVED = {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
               "before_script", "after_script"}
GL_JOB_KEYS = {"stage", "image", "services", "variables", "cache", "before_script", "script",
               "after_script", "rules", "interruptible", "tags"}
GL_DIND = ("DOCKER_HOST", "DOCKER_TLS_CERTDIR", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")
GL_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def gl_lines(value):
    if value is None:
        return []
    return [str(x) for x in (value if isinstance(value, list) else [value])]


GL_INPUT = re.compile(r"\$\[\[\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\]\]")


def gl_includes(doc, args):
    """Adds the jobs of airlock's component (include: - component: .../airlock@V) to doc."""
    for inc in doc.get("include") or []:
        if not isinstance(inc, dict) or set(inc) - {"component", "inputs"} or "component" not in inc:
            raise Unsupported(f"include: {inc!r} is not emulated (only airlock's component)")
        path, _, version = str(inc["component"]).rpartition("@")
        if not path.endswith("/airlock/airlock") or not version:
            raise Unsupported(f"include: component {inc['component']} is not emulated")
        if not args.airlock:
            raise Unsupported("include: component: give --airlock DIR (the repository with templates/)")
        with open(os.path.join(args.airlock, "templates", "airlock.yml")) as f:
            header, _, body = f.read().partition("\n---\n")
        spec = (yaml.safe_load(header) or {}).get("spec") or {}
        declared = spec.get("inputs") or {}
        given = inc.get("inputs") or {}
        unknown = set(given) - set(declared)
        if unknown:
            raise Unsupported(f"component: unknown inputs {sorted(unknown)}")
        values = {k: (v or {}).get("default") for k, v in declared.items()}
        values.update(given)
        missing = [k for k, v in values.items() if v is None]
        if missing:
            raise Unsupported(f"component: inputs without a value: {missing}")
        jobs = yaml.safe_load(GL_INPUT.sub(lambda m: str(values[m.group(1)]), body)) or {}
        for k, v in jobs.items():
            if k in doc:
                raise Unsupported(f"component: job {k} is in the recipe too")
            doc[k] = v


def run_gitlab(doc, job, args):
    gl_includes(doc, args)
    jobs = {k: v for k, v in doc.items() if k not in GL_RESERVED and not str(k).startswith(".")}
    if len(jobs) != 1:
        raise Unsupported(f"expected one job, found {sorted(jobs)}")
    job_name, spec = next(iter(jobs.items()))
    unknown = set(spec) - GL_JOB_KEYS
    if unknown:
        raise Unsupported(f"job {job_name}: keys not emulated: {sorted(unknown)}")
    env = dict(job.base)
    env.update({"GITLAB_CI": "true", "CI_PROJECT_DIR": args.workspace,
                "CI_BUILDS_DIR": os.path.dirname(args.workspace), "CI_COMMIT_SHA": args.sha,
                "CI_COMMIT_SHORT_SHA": args.sha[:8], "CI_JOB_NAME": job_name, "CI_JOB_ID": "1",
                "CI_PIPELINE_ID": "1", "CI_PROJECT_NAME": os.path.basename(args.workspace)})
    env.update(job.vars)
    env.update(job.secrets)
    for level in (doc.get("variables") or {}, spec.get("variables") or {}):
        for k, v in level.items():
            v = v.get("value", "") if isinstance(v, dict) else v
            if k in GL_DIND:
                continue
            env[k] = GL_VAR.sub(lambda m: env.get(m.group(1) or m.group(2), ""), str(v))
    cache = spec.get("cache", doc.get("cache"))
    cache_paths = [os.path.join(args.workspace, p) for p in (cache or {}).get("paths", [])]
    for p in cache_paths:
        src = os.path.join(args.cache_store, os.path.relpath(p, args.workspace))
        if os.path.isdir(src):
            copy_tree(src, p)
    lines = []
    for line in gl_lines(spec.get("before_script", doc.get("before_script"))):
        if re.match(r"apk add ", line):
            job.skip(line, "provisions the job image; this machine has its tools")
        else:
            lines.append(line)
    lines += gl_lines(spec.get("script"))
    if not lines:
        raise Unsupported(f"job {job_name}: no script")
    shell = ["busybox", "sh", "-e"] if shutil.which("busybox") else ["sh", "-e"]
    rc = job.run("script", shell, "\n".join(lines) + "\n", env, args.workspace)
    after = gl_lines(spec.get("after_script", doc.get("after_script")))
    if after:
        job.run("after_script", shell, "\n".join(after) + "\n", env, args.workspace)
    if rc == 0:
        for p in cache_paths:
            if os.path.isdir(p):
                copy_tree(p, os.path.join(args.cache_store, os.path.relpath(p, args.workspace)))
    return 1 if rc else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["github", "gitlab"])
    ap.add_argument("recipe")
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--temp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache-store", required=True)
    ap.add_argument("--secret", action="append", default=[])
    ap.add_argument("--var", action="append", default=[])
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("--sha", default="0" * 40)
    ap.add_argument("--airlock", help="the airlock repository: action.yml and templates/airlock.yml")
    args = ap.parse_args()
    for a in ("workspace", "temp", "out", "cache_store"):
        setattr(args, a, os.path.abspath(getattr(args, a)))
    with open(args.recipe) as f:
        doc = yaml.safe_load(f)
    try:
        job = Job(args)
        rc = (run_github if args.kind == "github" else run_gitlab)(doc, job, args)
    except (Unsupported, KeyError) as e:
        print(f"recipe_runner: {args.recipe}: {e}", file=sys.stderr)
        return 2
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump({"recipe": args.recipe, "rc": rc, "steps": job.steps}, f, indent=1)
    return rc


if __name__ == "__main__":
    sys.exit(main())
