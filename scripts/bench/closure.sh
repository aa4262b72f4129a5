#!/usr/bin/env bash
# Every closure benchmark in one run: npm (airlock vs `npm ci --ignore-scripts`, cold cache), pip
# (airlock vs `pip download --no-deps --require-hashes`) and Maven (airlock vs
# `mvn dependency:go-offline` on an empty local repository), each against the same loopback
# registry, alternating round by round, best of REPS, with the ratio. Each script runs alone when
# given as an argument: scripts/bench/closure.sh [REPS] [npm|pypi|maven ...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
REPS=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then REPS="$1"; shift; fi
ecos=("$@")
((${#ecos[@]})) || ecos=(npm pypi maven)
rc=0
for eco in "${ecos[@]}"; do
  script="$here/closure_$eco.sh"
  if [[ ! -x "$script" ]]; then
    echo "closure bench: no $script" >&2
    rc=1
    continue
  fi
  echo "== $eco"
  "$script" "$REPS" || rc=1
done
exit "$rc"
