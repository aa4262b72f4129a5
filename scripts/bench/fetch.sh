#!/usr/bin/env bash
# Fetch speed, measured against curl + sha256sum in the same run, as ratios (issue: speed and cache).
# Starts the e2e nginx (TLS from a private CA, HTTP/2, basic auth from a netrc) on loopback, then:
#   small: 300 files of 64 KiB with sha256, cold cache: airlock fetch  vs  curl --parallel 8 + sha256sum -c
#   large: one 256 MiB file with sha256:               airlock fetch  vs  curl -o + sha256sum  (+ peak RSS)
#   noop:  unchanged re-run of the 300                  vs  airlock --version
#   many:  3,000 files of 16 KiB with sha256, cold:     airlock fetch  vs  curl --parallel 8 + sha256sum -c
# Every airlock run also reports its CPU time (user + sys) and peak RSS: on a busy machine wall-clock
# times are noise, CPU time and RSS much less so.
# Usage: scripts/bench/fetch.sh [REPS]   (default 3; runs alternate between the contenders)
set -euo pipefail
REPS="${1:-3}"
. "$(dirname "$0")/../e2e/lib.sh"
e2e_init
e2e_ensure_jar
e2e_setup_server >/dev/null 2>&1
JAR="$E2E_ROOT/target/airlock.jar"
AIRLOCK=("$E2E_ROOT/scripts/airlock")
B="$E2E_TMP/bench"
mkdir -p "$B/small-src" "$DOCROOT/basic/bench" "$DOCROOT/basic/many"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- fixtures ----------------------------------------------------------------------------------
for i in $(seq -w 1 300); do head -c 65536 /dev/urandom >"$DOCROOT/basic/bench/f$i.bin"; done
head -c $((256 * 1024 * 1024)) /dev/urandom >"$DOCROOT/basic/bench/large.bin"
head -c $((3000 * 16384)) /dev/urandom | split -a 4 -d -b 16384 --additional-suffix=.bin - "$DOCROOT/basic/many/g"
LARGE_SHA="$(sha256sum "$DOCROOT/basic/bench/large.bin" | cut -d' ' -f1)"

small_manifest() { # FOLDER: one source per file, hashes from one sha256sum call
  printf 'version: 1\ncredentials: { corp: { netrc: {} } }\nsources:\n'
  (cd "$DOCROOT/basic/$1" && sha256sum -- *.bin) | while read -r sha f; do
    printf '  - { name: %s, credentials: corp, http: { url: "%s/basic/%s/%s", sha256: %s } }\n' \
      "${f%.bin}" "$ORIGIN" "$1" "$f" "$sha"
  done
}
mkdir -p "$B/small" "$B/large" "$B/many"
small_manifest bench | grep -v large >"$B/small/fetch.yaml"
small_manifest many >"$B/many/fetch.yaml"
printf 'version: 1\ncredentials: { corp: { netrc: {} } }\nsources:\n  - { name: large, credentials: corp, http: { url: "%s/basic/bench/large.bin", sha256: %s } }\n' \
  "$ORIGIN" "$LARGE_SHA" >"$B/large/fetch.yaml"
# curl's inputs: one config with url/output pairs, and a sha256sum -c list, per case.
curl_inputs() { # CASE FOLDER GLOB
  : >"$B/curl-$1.cfg"
  (cd "$DOCROOT/basic/$2" && sha256sum -- $3) | while read -r sha n; do
    printf 'url = "%s/basic/%s/%s"\noutput = "%s/curl-%s/%s"\n' "$ORIGIN" "$2" "$n" "$B" "$1" "$n" >>"$B/curl-$1.cfg"
    printf '%s  %s/curl-%s/%s\n' "$sha" "$B" "$1" "$n"
  done >"$B/$1.sha256"
}
curl_inputs small bench 'f*.bin'
curl_inputs many many '*.bin'

# DIR KEY [ARGS]: one airlock fetch; records wall, CPU (user + sys) and peak RSS under KEY.
run_airlock() {
  local t0 t1
  t0=$(now)
  /usr/bin/time -f '%U %S %M' -o "$B/usage" "${AIRLOCK[@]}" fetch -q --no-progress -f "$1/fetch.yaml" \
    --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "${@:3}" >/dev/null
  t1=$(now)
  T[$2]+="$(elapsed "$t0" "$t1") "
  read -r user sys rss <"$B/usage"
  T[$2_cpu]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') "
  T[$2_rss]+="$((rss / 1024)) "
}
curl_case() { # CASE
  rm -rf "$B/curl-$1"; mkdir -p "$B/curl-$1"
  local t0 t1
  t0=$(now)
  curl -sS --fail --http2 --parallel --parallel-max 8 --netrc-file "$NETRC_FILE" --cacert "$CA_PEM" -K "$B/curl-$1.cfg"
  sha256sum --quiet -c "$B/$1.sha256"
  t1=$(now); T[$1_curl]+="$(elapsed "$t0" "$t1") "
}

# Warm-up outside the timings: builds the jar if needed and lets scripts/airlock write its class-data
# archive (once per build), as any user's first run would.
"${AIRLOCK[@]}" --version >/dev/null

declare -A T
for rep in $(seq 1 "$REPS"); do
  # small, cold: no vendor, lock or cache
  rm -rf "$B/small/vendor" "$B/small/fetch.lock" "$B/small/.airlock" "$B/cache"
  export AIRLOCK_CACHE="$B/cache"
  run_airlock "$B/small" small_airlock --jobs 8
  curl_case small

  # no-op re-run of the 300 vs --version
  run_airlock "$B/small" noop_airlock
  t0=$(now); "${AIRLOCK[@]}" --version >/dev/null; t1=$(now); T[noop_version]+="$(elapsed "$t0" "$t1") "

  # 3,000 small files, cold
  rm -rf "$B/many/vendor" "$B/many/fetch.lock" "$B/many/.airlock" "$B/cache"
  run_airlock "$B/many" many_airlock --jobs 8
  curl_case many

  # large, cold
  rm -rf "$B/large/vendor" "$B/large/fetch.lock" "$B/large/.airlock" "$B/cache" "$B/large.bin"
  run_airlock "$B/large" large_airlock
  t0=$(now)
  curl -sS --fail --http2 --netrc-file "$NETRC_FILE" --cacert "$CA_PEM" -o "$B/large.bin" "$ORIGIN/basic/bench/large.bin"
  [[ "$(sha256sum "$B/large.bin" | cut -d' ' -f1)" == "$LARGE_SHA" ]]
  t1=$(now); T[large_curl]+="$(elapsed "$t0" "$t1") "
done

m() { tr ' ' '\n' <<<"${T[$1]}" | grep -v '^$' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-44s %10s %10s %8s %8s %8s %8s\n' "case (median of $REPS, seconds)" airlock baseline ratio target "CPU s" "RSS MiB"
row() { # LABEL KEY BASELINE-KEY TARGET
  printf '%-44s %10s %10s %8s %8s %8s %8s\n' "$1" "$(m "$2")" "$(m "$3")" "$(ratio "$(m "$2")" "$(m "$3")")" "$4" \
    "$(m "$2_cpu")" "$(m "$2_rss")"
}
row "300 x 64 KiB, cold (vs curl --parallel 8)" small_airlock small_curl "<=1.5"
row "3,000 x 16 KiB, cold (vs curl --parallel 8)" many_airlock many_curl "<=1.5"
row "256 MiB, cold (vs curl -o + sha256sum)" large_airlock large_curl "<=1.0"
row "no-op re-run of 300 (vs airlock --version)" noop_airlock noop_version "<=1.5"
echo "(CPU s: user + sys of the airlock process; RSS: its peak resident set; target for the 256 MiB RSS: <= 192)"
