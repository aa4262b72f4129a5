#!/usr/bin/env bash
# npm lockfile: sources with a real closure (express + jest + typescript, a few hundred packages,
# locked and downloaded by the real npm; see npm_closure_fixture.sh) served by loopback nginx
# behind a bearer token. airlock vendors it as npm's cache; then the real npm installs it with
# `npm ci --offline --cache vendor/npm`, with a dead proxy so any network attempt fails, for a
# lock with resolved URLs and for one without. Also: tampered integrity -> exit 3 and nothing
# placed; a re-run makes no request; a lock edit makes --frozen exit 1; a tarball on a host not
# in hosts: is refused; the generated Dockerfile sets npm's environment; canary sweep.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/npm_closure_fixture.sh"
e2e_init
e2e_make_secrets
e2e_make_certs
e2e_make_docroot
npm_fixture_build || { echo "FAIL closure npm: fixture: npm could not lock or download the closure"; exit 0; }
e2e_start_nginx
REG="$ORIGIN/bearer/reg"
npm_fixture_locks "$REG"
e2e_log "closure of $NPM_PKG_COUNT packages"

DEAD_PROXY=(env npm_config_proxy=http://127.0.0.1:9 npm_config_https_proxy=http://127.0.0.1:9
  npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false)

project() { # DIR LOCK [EXTRA-NPM-KEYS]: a project with the app's package.json, LOCK and a manifest
  local d="$1"
  mkdir -p "$d"
  cp "$NPM_APP/package.json" "$d/"
  cp "$2" "$d/package-lock.json"
  cat >"$d/fetch.yaml" <<EOF
version: 1
vendor: vendor
tls: { caCerts: ["$CA_PEM"] }
credentials:
  reg: { token: { env: E2E_TOKEN } }
sources:
  - name: app
    credentials: reg
    npm: { registry: "$REG", lockfile: package-lock.json${3:-} }
docker:
  base: scratch
EOF
}

npm_ci_offline() { # PROJECT CACHE [ARGS...]: npm ci in a fresh copy of PROJECT (package.json + lock only)
  local p="$1" cache="$2" run="$E2E_TMP/run-$RANDOM"
  shift 2
  mkdir -p "$run"
  cp "$p/package.json" "$p/package-lock.json" "$run/"
  (cd "$run" && "${DEAD_PROXY[@]}" npm ci --offline --cache "$cache" --ignore-scripts --loglevel=error "$@") \
    >"$E2E_TMP/npm-ci.log" 2>&1 || e2e_die "npm ci --offline failed: $(e2e_tail "$E2E_TMP/npm-ci.log")"
  [[ -f "$run/node_modules/express/package.json" && -f "$run/node_modules/jest/package.json" &&
    -x "$run/node_modules/.bin/tsc" ]] || e2e_die "express, jest or tsc missing after npm ci"
  (cd "$run" && node -e 'require("express"); const ts = require("typescript"); if (!ts.version.startsWith("5.6")) process.exit(1)') ||
    e2e_die "the installed packages do not load"
}

P1="$E2E_TMP/proj/resolved"
P2="$E2E_TMP/proj/bare"

t_fetch_resolved() {
  project "$P1" "$NPMFIX/lock-resolved.json"
  e2e_airlock fetch-resolved fetch -f "$P1/fetch.yaml" --no-progress
  e2e_expect_rc 0
  local n
  n="$(find "$P1/vendor/npm/_cacache/content-v2" -type f | wc -l)"
  [[ "$n" == "$NPM_PKG_COUNT" ]] || e2e_die "$n tarballs vendored, want $NPM_PKG_COUNT"
  [[ ! -d "$P1/vendor/npm/_cacache/index-v5" ]] || e2e_die "index entries written for a lock with resolved"
  grep -q 'pkg:npm/express@4.21.2' "$P1/fetch.lock" || e2e_die "the lock does not record express"
  e2e_airlock verify-resolved verify -f "$P1/fetch.yaml"
  e2e_expect_rc 0
}

t_npm_ci_resolved() {
  local cache="$E2E_TMP/ci-cache-1"
  cp -a "$P1/vendor/npm" "$cache"
  npm_ci_offline "$P1" "$cache"
}

t_rerun_no_request() {
  local before
  before="$(e2e_log_size "$ORIGIN_LOG")"
  e2e_airlock rerun fetch -f "$P1/fetch.yaml" --no-progress
  e2e_expect_rc 0
  rm -rf "$P1/vendor" "$P1/.airlock/up-to-date"
  e2e_airlock refill fetch -f "$P1/fetch.yaml" --no-progress
  e2e_expect_rc 0
  [[ -z "$(e2e_log_since "$ORIGIN_LOG" "$before")" ]] || e2e_die "a re-run made requests: $(e2e_log_since "$ORIGIN_LOG" "$before" | head -2)"
  e2e_airlock verify-refill verify -f "$P1/fetch.yaml"
  e2e_expect_rc 0
}

t_frozen_after_lock_edit() {
  local p="$E2E_TMP/proj/edited"
  cp -a "$P1" "$p"
  e2e_airlock frozen-ok fetch -f "$p/fetch.yaml" --frozen --no-progress
  e2e_expect_rc 0
  sed -i 's/"version": "1.0.0"/"version": "1.0.1"/' "$p/package-lock.json"
  e2e_airlock frozen-edit fetch -f "$p/fetch.yaml" --frozen --no-progress
  e2e_expect_rc 1
  grep -q "app" "$ERR" || e2e_die "the message does not name the source: $(e2e_tail "$ERR")"
}

t_tampered_integrity() {
  local p="$E2E_TMP/proj/tampered" before
  project "$p" "$NPMFIX/lock-resolved.json"
  # Every ms@2.0.0 entry claims the integrity of other bytes: the download must not match.
  python3 - "$p/package-lock.json" <<'PY'
import base64, hashlib, json, sys
f = sys.argv[1]
lock = json.load(open(f))
pk = lock["packages"]
forged = "sha512-" + base64.b64encode(hashlib.sha512(b"not the tarball").digest()).decode()
n = 0
for k, v in pk.items():
    if k.endswith("node_modules/ms") and v["version"] == "2.0.0":
        v["integrity"] = forged
        n += 1
assert n, "no ms@2.0.0 in the lock"
json.dump(lock, open(f, "w"), indent=2)
PY
  e2e_airlock tampered fetch -f "$p/fetch.yaml" --no-progress
  e2e_expect_rc 3
  grep -q "integrity mismatch" "$ERR" || e2e_die "no integrity message: $(e2e_tail "$ERR")"
  grep -q "ms@" "$ERR" || e2e_die "the message does not name the package: $(e2e_tail "$ERR")"
  [[ ! -e "$p/vendor" && ! -e "$p/fetch.lock" ]] || e2e_die "something was placed"
}

t_fetch_bare() {
  project "$P2" "$NPMFIX/lock-bare.json"
  ! grep -q '"resolved"' "$P2/package-lock.json" || e2e_die "the bare lock has resolved"
  e2e_airlock fetch-bare fetch -f "$P2/fetch.yaml" --no-progress
  e2e_expect_rc 0
  [[ -d "$P2/vendor/npm/_cacache/index-v5" ]] || e2e_die "no index entries for a lock without resolved"
}

t_npm_ci_bare() {
  local cache="$E2E_TMP/ci-cache-2"
  cp -a "$P2/vendor/npm" "$cache"
  npm_ci_offline "$P2" "$cache" --registry "$REG/"
}

t_npm_ci_in_vendor() { # the README's command, on the vendor dir itself
  npm_ci_offline "$P1" "$P1/vendor/npm"
}

t_foreign_host() {
  local p="$E2E_TMP/proj/foreign" port2="https://127.0.0.2:$PORT2"
  project "$p" "$NPMFIX/lock-resolved.json"
  mkdir -p "$DOCROOT/public/reg/ms/-"
  cp "$DOCROOT/bearer/reg/ms/-/ms-2.0.0.tgz" "$DOCROOT/public/reg/ms/-/"
  sed -i "s#$REG/ms/-/ms-2.0.0.tgz#$port2/public/reg/ms/-/ms-2.0.0.tgz#" "$p/package-lock.json"
  grep -q "$port2" "$p/package-lock.json" || e2e_die "fixture: ms@2.0.0 not in the lock"
  e2e_airlock foreign fetch -f "$p/fetch.yaml" --no-progress
  e2e_expect_rc 3
  grep -q "127.0.0.2:$PORT2.*hosts" "$ERR" || e2e_die "the message does not name the host: $(e2e_tail "$ERR")"
  [[ ! -e "$p/vendor" ]] || e2e_die "something was placed"
  sed -i "s#lockfile: package-lock.json#lockfile: package-lock.json, hosts: [\"127.0.0.2:$PORT2\"]#" "$p/fetch.yaml"
  local before
  before="$(e2e_log_size "$FOREIGN_LOG")"
  e2e_airlock foreign-ok fetch -f "$p/fetch.yaml" --no-progress
  e2e_expect_rc 0
  e2e_log_since "$FOREIGN_LOG" "$before" | grep -q 'auth="-" ptok="-"' || e2e_die "the other host was not asked, or got a credential"
}

t_dockerfile() {
  e2e_airlock dockerfile dockerfile -f "$P2/fetch.yaml"
  e2e_expect_rc 0
  grep -qx 'ENV npm_config_cache=/opt/vendor/npm' "$P2/Dockerfile" || e2e_die "no npm_config_cache: $(cat "$P2/Dockerfile")"
  grep -qx 'ENV npm_config_offline=true' "$P2/Dockerfile" || e2e_die "no npm_config_offline"
  grep -qx "ENV npm_config_registry=$REG/" "$P2/Dockerfile" || e2e_die "no npm_config_registry for a lock without resolved"
}

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" "$E2E_TMP"/ci-cache-*)"; then
    e2e_die "credential found: $hits"
  fi
}

e2e_ensure_jar
e2e_case "closure npm: fetch a lock with resolved ($NPM_PKG_COUNT packages) into vendor/npm/_cacache" t_fetch_resolved
e2e_case "closure npm: npm ci --offline --cache vendor/npm (lock with resolved)" t_npm_ci_resolved
e2e_case "closure npm: re-run and refill from the cache make no request" t_rerun_no_request
e2e_case "closure npm: package-lock.json edited -> fetch --frozen exits 1" t_frozen_after_lock_edit
e2e_case "closure npm: tampered integrity exits 3, nothing placed" t_tampered_integrity
e2e_case "closure npm: a tarball on a host not in hosts: exits 3; listed, it gets no credential" t_foreign_host
e2e_case "closure npm: fetch a lock without resolved (packuments indexed)" t_fetch_bare
e2e_case "closure npm: npm ci --offline --registry REG (lock without resolved)" t_npm_ci_bare
e2e_case "closure npm: dockerfile sets npm_config_cache, offline and registry" t_dockerfile
e2e_case "closure npm: npm ci --offline on vendor/npm itself" t_npm_ci_in_vendor
e2e_case "closure npm: no credential in outputs, vendor, lock, cache or npm caches" t_canary_sweep
