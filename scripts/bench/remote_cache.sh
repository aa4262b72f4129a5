#!/usr/bin/env bash
# Remote cache speed: a cold CI runner (empty local cache, no vendor dir) with a warm remote cache
# versus a cold runner fetching from the registry, with the same lock, in one run.
# The registry is the e2e nginx (TLS, HTTP/2, basic auth from a netrc) on 127.0.0.1; the cache is
# nginx with WebDAV and basic auth on 127.0.0.2 (scripts/e2e/cache_server.sh). Both on loopback,
# so this measures airlock's own cost of the cache tier (lookup, verification, local-cache fill),
# not a WAN or a rate-limited registry, where the cache gains more.
#   small: 300 http files of 64 KiB, each pinned by sha256
#   large: one 128 MiB http file
#   npm:   (with a second argument `npm`) the npm closure of scripts/e2e/npm_closure_fixture.sh
#          (express + jest + typescript, a package-lock.json source); runner B has no registry token
# Also: the one-off cost of filling the cache (runner A, --remote-cache-write).
# Usage: scripts/bench/remote_cache.sh [REPS] [npm]   (default 3; runs alternate between the contenders)
set -euo pipefail
REPS="${1:-3}"
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/../e2e/cache_server.sh"
e2e_init
e2e_ensure_jar
e2e_setup_server >/dev/null 2>&1
cache_server_start
AIRLOCK=("$E2E_ROOT/scripts/airlock")
B="$E2E_TMP/bench"
mkdir -p "$B" "$DOCROOT/basic/bench"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for i in $(seq -w 1 300); do head -c 65536 /dev/urandom >"$DOCROOT/basic/bench/f$i.bin"; done
head -c $((128 * 1024 * 1024)) /dev/urandom >"$DOCROOT/basic/bench/large.bin"

# manifest KIND CACHE: the sources of KIND (small|large); with CACHE=1 the cache: block too.
manifest() {
  printf 'version: 1\ncredentials:\n  corp: { netrc: {} }\n  cache: { basic: { username: %s, passwordEnv: E2E_CACHE_PW } }\n' "$CACHE_USER"
  [[ "$2" == 1 ]] && printf 'cache: { remote: "%s", credentials: cache }\n' "$CACHE_URL"
  printf 'sources:\n'
  local f n
  if [[ "$1" == small ]]; then
    for f in "$DOCROOT"/basic/bench/f*.bin; do
      n="$(basename "$f" .bin)"
      printf '  - { name: %s, credentials: corp, http: { url: "%s/basic/bench/%s.bin", sha256: %s } }\n' \
        "$n" "$ORIGIN" "$n" "$(sha256_of "$f")"
    done
  else
    printf '  - { name: large, credentials: corp, http: { url: "%s/basic/bench/large.bin", sha256: %s } }\n' \
      "$ORIGIN" "$(sha256_of "$DOCROOT/basic/bench/large.bin")"
  fi
}

cold() { # DIR [ARGS]: a fresh runner: no vendor dir, no local cache (the lock stays)
  rm -rf "$1/vendor" "$1/.airlock" "$B/cache"
  AIRLOCK_CACHE="$B/cache" "${AIRLOCK[@]}" fetch -q --no-progress -f "$1/fetch.yaml" --ca-cert "$CA_PEM" "${@:2}" >/dev/null
}

"${AIRLOCK[@]}" --version >/dev/null # the class-data archive, outside the timings
declare -A T
for kind in small large; do
  mkdir -p "$B/$kind-registry" "$B/$kind-cache"
  manifest "$kind" 0 >"$B/$kind-registry/fetch.yaml"
  manifest "$kind" 1 >"$B/$kind-cache/fetch.yaml"
  # runner A: locks and fills the remote cache (timed once: what a main-branch run pays extra)
  t0=$(now); cold "$B/$kind-registry" --netrc "$NETRC_FILE"; t1=$(now); T[${kind}_plain_a]="$(elapsed "$t0" "$t1")"
  t0=$(now); cold "$B/$kind-cache" --netrc "$NETRC_FILE" --remote-cache-write; t1=$(now)
  T[${kind}_fill]="$(elapsed "$t0" "$t1")"
  for rep in $(seq 1 "$REPS"); do
    t0=$(now); cold "$B/$kind-registry" --netrc "$NETRC_FILE" --frozen; t1=$(now)
    T[${kind}_registry]+="$(elapsed "$t0" "$t1") "
    # runner B: no netrc at all; everything from the remote cache
    t0=$(now); NETRC=/dev/null cold "$B/$kind-cache" --frozen; t1=$(now)
    T[${kind}_cache]+="$(elapsed "$t0" "$t1") "
  done
  cmp -s <(cd "$B/$kind-registry/vendor" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
    <(cd "$B/$kind-cache/vendor" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
    || { echo "vendor dirs differ for $kind" >&2; exit 1; }
done

if [[ "${2:-}" == npm ]]; then
  . "$(dirname "$0")/../e2e/npm_closure_fixture.sh"
  npm_fixture_build
  REG="$ORIGIN/bearer/reg"
  npm_fixture_locks "$REG"
  for v in registry cache; do
    mkdir -p "$B/npm-$v"
    cp "$NPM_APP/package.json" "$B/npm-$v/"
    cp "$NPMFIX/lock-resolved.json" "$B/npm-$v/package-lock.json"
    {
      printf 'version: 1\ncredentials:\n  reg: { token: { env: E2E_TOKEN } }\n'
      printf '  cache: { basic: { username: %s, passwordEnv: E2E_CACHE_PW } }\n' "$CACHE_USER"
      [[ "$v" == cache ]] && printf 'cache: { remote: "%s", credentials: cache }\n' "$CACHE_URL"
      printf 'sources:\n  - { name: app, credentials: reg, npm: { registry: "%s", lockfile: package-lock.json } }\n' "$REG"
    } >"$B/npm-$v/fetch.yaml"
  done
  t0=$(now); cold "$B/npm-registry"; t1=$(now); T[npm_plain_a]="$(elapsed "$t0" "$t1")"
  t0=$(now); cold "$B/npm-cache" --remote-cache-write; t1=$(now); T[npm_fill]="$(elapsed "$t0" "$t1")"
  for rep in $(seq 1 "$REPS"); do
    t0=$(now); cold "$B/npm-registry" --frozen; t1=$(now); T[npm_registry]+="$(elapsed "$t0" "$t1") "
    t0=$(now); (unset E2E_TOKEN; cold "$B/npm-cache" --frozen); t1=$(now); T[npm_cache]+="$(elapsed "$t0" "$t1") "
  done
  NPM_FILES="$(find "$B/npm-cache/vendor" -type f | wc -l)"
fi

m() { tr ' ' '\n' <<<"${T[$1]}" | grep -v '^$' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-46s %12s %12s %8s\n' "cold runner (median of $REPS, seconds)" "remote cache" registry ratio
printf '%-46s %12s %12s %8s\n' "300 x 64 KiB http files" "$(m small_cache)" "$(m small_registry)" \
  "$(ratio "$(m small_cache)" "$(m small_registry)")"
printf '%-46s %12s %12s %8s\n' "one 128 MiB http file" "$(m large_cache)" "$(m large_registry)" \
  "$(ratio "$(m large_cache)" "$(m large_registry)")"
printf '%-46s %12s %12s\n' "filling the cache (--remote-cache-write), once" "$(m small_fill) / $(m large_fill)" \
  "$(m small_plain_a) / $(m large_plain_a)"
if [[ -n "${T[npm_cache]:-}" ]]; then
  printf '%-46s %12s %12s %8s\n' "npm closure ($NPM_FILES vendored files)" "$(m npm_cache)" "$(m npm_registry)" \
    "$(ratio "$(m npm_cache)" "$(m npm_registry)")"
  printf '%-46s %12s %12s\n' "filling the cache with the npm closure, once" "$(m npm_fill)" "$(m npm_plain_a)"
fi
