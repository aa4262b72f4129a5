#!/usr/bin/env bash
# npm closure speed: `airlock fetch` of a real package-lock.json (express + jest + typescript, a few
# hundred packages, see scripts/e2e/npm_closure_fixture.sh) vs `npm ci --ignore-scripts` from a cold
# cache, both against the same loopback nginx registry (TLS from a private CA, HTTP/2, bearer
# token), in the same run. Rounds alternate between the two; each side's best of REPS is compared.
# Usage: scripts/bench/closure_npm.sh [REPS]   (default 3). Target: ratio <= 1.0.
set -euo pipefail
REPS="${1:-3}"
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/../e2e/npm_closure_fixture.sh"
e2e_init
e2e_ensure_jar
e2e_make_secrets
e2e_make_certs
e2e_make_docroot
npm_fixture_build
e2e_start_nginx >/dev/null 2>&1
REG="$ORIGIN/bearer/reg"
npm_fixture_locks "$REG"
AIRLOCK=("$E2E_ROOT/scripts/airlock")
B="$E2E_TMP/bench"
mkdir -p "$B/airlock" "$B/npm"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { tr ' ' '\n' | grep -v '^$' | sort -n | head -1; }

cp "$NPM_APP/package.json" "$B/airlock/"
cp "$NPMFIX/lock-resolved.json" "$B/airlock/package-lock.json"
cat >"$B/airlock/fetch.yaml" <<EOF
version: 1
tls: { caCerts: ["$CA_PEM"] }
credentials:
  reg: { token: { env: E2E_TOKEN } }
sources:
  - name: app
    credentials: reg
    npm: { registry: "$REG", lockfile: package-lock.json }
EOF
cp "$NPM_APP/package.json" "$B/npm/"
cp "$NPMFIX/lock-resolved.json" "$B/npm/package-lock.json"
# npm's own way to the same registry: the token for its path, the CA; the token stays in the env.
printf 'registry=%s/\n//%s/bearer/reg/:_authToken=${E2E_TOKEN}\ncafile=%s\naudit=false\nfund=false\nupdate-notifier=false\n' \
  "$REG" "127.0.0.1:$PORT1" "$CA_PEM" >"$B/npm/.npmrc"

"${AIRLOCK[@]}" --version >/dev/null # warm-up outside the timings (class-data archive)
declare -A T
for rep in $(seq 1 "$REPS"); do
  rm -rf "$B/airlock/vendor" "$B/airlock/fetch.lock" "$B/airlock/.airlock" "$B/cache"
  export AIRLOCK_CACHE="$B/cache"
  t0=$(now)
  "${AIRLOCK[@]}" fetch -q --no-progress -f "$B/airlock/fetch.yaml" >/dev/null
  t1=$(now); T[airlock]+="$(elapsed "$t0" "$t1") "
  rm -rf "$B/npm/node_modules" "$B/npm-cache"
  t0=$(now)
  (cd "$B/npm" && npm ci --ignore-scripts --cache "$B/npm-cache" --loglevel=error >/dev/null)
  t1=$(now); T[npm]+="$(elapsed "$t0" "$t1") "
done
n="$(find "$B/airlock/vendor/npm/_cacache/content-v2" -type f | wc -l)"
a="$(best <<<"${T[airlock]}")"
b="$(best <<<"${T[npm]}")"
printf '\n%-56s %10s %10s %8s %8s\n' "case (best of $REPS, seconds)" airlock baseline ratio target
printf '%-56s %10s %10s %8s %8s\n' "npm closure, $n tarballs, cold (vs npm ci --ignore-scripts)" "$a" "$b" \
  "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" "<=1.0"
printf '# rounds: airlock %s| npm ci %s\n' "${T[airlock]}" "${T[npm]}"
