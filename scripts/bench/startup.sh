#!/usr/bin/env bash
# Start-up of `airlock --version`, the shortest run there is, from the release archives:
#   jar          java -jar lib/airlock.jar (the java on PATH; only its own default CDS archive)
#   portable     bin/airlock of airlock-VERSION.tar.gz: the java of JAVA_HOME/PATH with the
#                start-up archive the launcher makes once (AppCDS before Java 25, an AOT cache on 25+)
#   jlink        bin/airlock of airlock-VERSION-linux-x86_64.tar.gz: its own runtime and the
#                class-data archive made at build time
#   jlink-nocds  the same with AIRLOCK_CDS=0
# The variants alternate round by round (a busy machine slows them alike); each is run once
# before the timings (the portable launcher's training run happens there). Prints the median and
# the fastest wall time of each and the median CPU time (user + system, which a machine busy with
# other work inflates less), in milliseconds.
#
# Usage: scripts/bench/startup.sh [ROUNDS]     (default 15; needs target/dist: mvn -Prelease package)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-15}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
dist="$root/target/dist"
if [[ ! -f "$dist/airlock-$version-linux-x86_64.tar.gz" ]]; then
  (cd "$root" && mvn -B -q -Prelease -Dmaven.test.skip=true package >&2)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/airlock-bench.XXXXXX")"
[[ "${BENCH_KEEP:-0}" == 1 ]] || trap 'rm -rf -- "$tmp"' EXIT
mkdir -p "$tmp/portable" "$tmp/jlink"
tar -xzf "$dist/airlock-$version.tar.gz" -C "$tmp/portable"
tar -xzf "$dist/airlock-$version-linux-x86_64.tar.gz" -C "$tmp/jlink"
export AIRLOCK_JVM_CACHE="$tmp/jvm-cache"

names=(jar portable jlink jlink-nocds)
run() { # VARIANT
  case $1 in
    jar) java -jar "$tmp/portable/airlock-$version/lib/airlock.jar" --version ;;
    portable) "$tmp/portable/airlock-$version/bin/airlock" --version ;;
    jlink) "$tmp/jlink/airlock-$version/bin/airlock" --version ;;
    jlink-nocds) AIRLOCK_CDS=0 "$tmp/jlink/airlock-$version/bin/airlock" --version ;;
  esac
}
declare -A times
for n in "${names[@]}"; do
  run "$n" >/dev/null
  times[$n]=""
done
declare -A cpu
TIMEFORMAT='%3R %3U %3S'
for ((r = 0; r < rounds; r++)); do
  for n in "${names[@]}"; do
    t="$({ time run "$n" >/dev/null 2>&1; } 2>&1)"
    read -r real user sys <<<"$t"
    times[$n]+="$(awk -v x="$real" 'BEGIN { printf "%d", x * 1000 }') "
    cpu[$n]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }') "
  done
done

echo "airlock --version, $rounds rounds ($(java -version 2>&1 | head -1); jlink: $(sed -n 's/^JAVA_VERSION=//p' "$tmp/jlink/airlock-$version/runtime/release"))"
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -1; }
printf '%-12s %14s %10s %14s\n' variant "wall median ms" "wall min" "cpu median ms"
for n in "${names[@]}"; do
  printf '%-12s %14s %10s %14s\n' "$n" "$(median <<<"${times[$n]}")" "$(minimum <<<"${times[$n]}")" "$(median <<<"${cpu[$n]}")"
done
