#!/usr/bin/env bash
# Fetch speed, measured against curl + sha256sum in the same run, as ratios (issue: speed and cache).
# Starts the e2e nginx (TLS from a private CA, HTTP/2, basic auth from a netrc) on loopback, then:
#   small: 300 files of 64 KiB with sha256, cold cache: airlock fetch  vs  curl --parallel 8 + sha256sum -c
#   large: one 256 MiB file with sha256:               airlock fetch  vs  curl -o + sha256sum  (+ peak RSS)
#   noop:  unchanged re-run of the 300                  vs  airlock --version
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
mkdir -p "$B/small-src" "$DOCROOT/basic/bench"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- fixtures ----------------------------------------------------------------------------------
for i in $(seq -w 1 300); do head -c 65536 /dev/urandom >"$DOCROOT/basic/bench/f$i.bin"; done
head -c $((256 * 1024 * 1024)) /dev/urandom >"$DOCROOT/basic/bench/large.bin"
LARGE_SHA="$(sha256sum "$DOCROOT/basic/bench/large.bin" | cut -d' ' -f1)"

small_manifest() {
  printf 'version: 1\ncredentials: { corp: { netrc: {} } }\nsources:\n'
  for f in "$DOCROOT"/basic/bench/f*.bin; do
    local n; n="$(basename "$f" .bin)"
    printf '  - { name: %s, credentials: corp, http: { url: "%s/basic/bench/%s.bin", sha256: %s } }\n' \
      "$n" "$ORIGIN" "$n" "$(sha256sum "$f" | cut -d' ' -f1)"
  done
}
mkdir -p "$B/small" "$B/large"
small_manifest >"$B/small/fetch.yaml"
printf 'version: 1\ncredentials: { corp: { netrc: {} } }\nsources:\n  - { name: large, credentials: corp, http: { url: "%s/basic/bench/large.bin", sha256: %s } }\n' \
  "$ORIGIN" "$LARGE_SHA" >"$B/large/fetch.yaml"
# curl's inputs: one config with url/output pairs, and a sha256sum -c list.
: >"$B/curl-small.cfg"; : >"$B/small.sha256"
for f in "$DOCROOT"/basic/bench/f*.bin; do
  n="$(basename "$f")"
  printf 'url = "%s/basic/bench/%s"\noutput = "%s/curl-small/%s"\n' "$ORIGIN" "$n" "$B" "$n" >>"$B/curl-small.cfg"
  printf '%s  %s/curl-small/%s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$B" "$n" >>"$B/small.sha256"
done

run_airlock() { # DIR [ARGS]: cold unless told otherwise
  "${AIRLOCK[@]}" fetch -q --no-progress -f "$1/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "${@:2}" >/dev/null
}

# Warm-up outside the timings: builds the jar if needed and lets scripts/airlock write its class-data
# archive (once per build), as any user's first run would.
"${AIRLOCK[@]}" --version >/dev/null

declare -A T
for rep in $(seq 1 "$REPS"); do
  # small, cold: no vendor, lock or cache
  rm -rf "$B/small/vendor" "$B/small/fetch.lock" "$B/small/.airlock" "$B/cache"
  export AIRLOCK_CACHE="$B/cache"
  t0=$(now); run_airlock "$B/small" --jobs 8; t1=$(now); T[small_airlock]+="$(elapsed "$t0" "$t1") "
  rm -rf "$B/curl-small"; mkdir -p "$B/curl-small"
  t0=$(now)
  curl -sS --fail --http2 --parallel --parallel-max 8 --netrc-file "$NETRC_FILE" --cacert "$CA_PEM" -K "$B/curl-small.cfg"
  sha256sum --quiet -c "$B/small.sha256"
  t1=$(now); T[small_curl]+="$(elapsed "$t0" "$t1") "

  # no-op re-run of the 300 vs --version
  t0=$(now); run_airlock "$B/small"; t1=$(now); T[noop_airlock]+="$(elapsed "$t0" "$t1") "
  t0=$(now); "${AIRLOCK[@]}" --version >/dev/null; t1=$(now); T[noop_version]+="$(elapsed "$t0" "$t1") "

  # large, cold
  rm -rf "$B/large/vendor" "$B/large/fetch.lock" "$B/large/.airlock" "$B/cache" "$B/large.bin"
  t0=$(now)
  /usr/bin/time -f '%M' -o "$B/rss" "${AIRLOCK[@]}" fetch -q --no-progress -f "$B/large/fetch.yaml" \
    --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" >/dev/null
  t1=$(now); T[large_airlock]+="$(elapsed "$t0" "$t1") "; T[large_rss]+="$(cat "$B/rss") "
  t0=$(now)
  curl -sS --fail --http2 --netrc-file "$NETRC_FILE" --cacert "$CA_PEM" -o "$B/large.bin" "$ORIGIN/basic/bench/large.bin"
  [[ "$(sha256sum "$B/large.bin" | cut -d' ' -f1)" == "$LARGE_SHA" ]]
  t1=$(now); T[large_curl]+="$(elapsed "$t0" "$t1") "
done

m() { tr ' ' '\n' <<<"${T[$1]}" | grep -v '^$' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-44s %10s %10s %8s %8s\n' "case (median of $REPS, seconds)" airlock baseline ratio target
printf '%-44s %10s %10s %8s %8s\n' "300 x 64 KiB, cold (vs curl --parallel 8)" "$(m small_airlock)" "$(m small_curl)" \
  "$(ratio "$(m small_airlock)" "$(m small_curl)")" "<=1.5"
printf '%-44s %10s %10s %8s %8s\n' "256 MiB, cold (vs curl -o + sha256sum)" "$(m large_airlock)" "$(m large_curl)" \
  "$(ratio "$(m large_airlock)" "$(m large_curl)")" "<=1.0"
printf '%-44s %10s %10s %8s %8s\n' "no-op re-run of 300 (vs airlock --version)" "$(m noop_airlock)" "$(m noop_version)" \
  "$(ratio "$(m noop_airlock)" "$(m noop_version)")" "<=2.5"
printf '%-44s %10s\n' "peak RSS on the 256 MiB fetch (MiB)" "$(awk -v k="$(m large_rss)" 'BEGIN { printf "%.0f", k / 1024 }')"
