#!/usr/bin/env bash
# The remote cache (cache: / --remote-cache) against a real nginx with WebDAV (dav_methods PUT,
# basic auth) on 127.0.0.2, beside the registry nginx of lib.sh on 127.0.0.1:
#   runner A fetches from the registry with its credentials and uploads what the cache lacks;
#   a corrupted cache object is refused and fetched from the origin again (credentials present);
#   an incomplete cache on a runner without registry credentials fails naming the missing file;
#   runner B (fresh HOME and AIRLOCK_CACHE, no netrc, no token, registry stopped) gets every file
#   from the cache with fetch --frozen: the vendor dir is byte-identical to runner A's;
#   no registry credential reaches the cache and the cache's never reaches the registry.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_setup_server

nginx -V 2>&1 | grep -q -- --with-http_dav_module || {
  echo "FAIL remote-cache-setup: this nginx has no WebDAV module (nginx -V)"
  exit 0
}

. "$(dirname "$0")/cache_server.sh"
cache_server_start

SHA_A="$(sha256_of "$DOCROOT/basic/a.bin")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"
SHA_TGZ="$(sha256_of "$DOCROOT/basic/tree.tar.gz")"

A="$E2E_TMP/proj/runner-a"
mkdir -p "$A"
cp "$CA_PEM" "$A/ca.pem"
cat >"$A/fetch.yaml" <<EOF
version: 1
tls: { caCerts: [ca.pem] }
credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }
  cache: { basic: { username: $CACHE_USER, passwordEnv: E2E_CACHE_PW } }
cache: { remote: "$CACHE_URL", credentials: cache, write: false }
sources:
  - { name: a, credentials: corp, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
  - { name: b, credentials: tok, http: { url: "$ORIGIN/bearer/b.bin" } }
  - { name: tree, credentials: corp, http: { url: "$ORIGIN/basic/tree.tar.gz", extract: true } }
EOF

# checkout DIR: a fresh runner's copy of the project (manifest, lock, CA) and a fresh HOME/cache.
checkout() {
  rm -rf "$1"
  mkdir -p "$1/project" "$1/home"
  cp "$A/fetch.yaml" "$A/fetch.lock" "$A/ca.pem" "$1/project/"
}

# runner DIR LABEL ARGS...: airlock as a fresh runner: no netrc, no registry token, only the cache's
# password. (Each case runs in a subshell: the changed environment ends with it.)
runner() {
  local dir="$1" label="$2"
  shift 2
  unset E2E_TOKEN E2E_TOKEN2 NETRC
  export HOME="$dir/home" XDG_CACHE_HOME="$dir/home/.cache" AIRLOCK_CACHE="$dir/airlock-cache"
  e2e_airlock "$label" fetch -f "$dir/project/fetch.yaml" "$@"
}

case_runner_a_uploads() {
  export AIRLOCK_CACHE="$E2E_TMP/cache/runner-a"
  e2e_airlock write-off fetch -f "$A/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
  [[ -z "$(find "$CAS_ROOT/cache/cas" -type f)" ]] || e2e_die "write: false uploaded something"
  rm -rf "$A/vendor" "$A/.airlock" "$AIRLOCK_CACHE"
  e2e_airlock write-on fetch -f "$A/fetch.yaml" --netrc "$NETRC_FILE" --remote-cache-write
  e2e_expect_rc 0
  local sha
  for sha in "$SHA_A" "$SHA_B" "$SHA_TGZ"; do
    [[ -f "$CAS_ROOT/cache/cas/$sha" ]] || e2e_die "cache lacks $sha"
    [[ "$(sha256_of "$CAS_ROOT/cache/cas/$sha")" == "$sha" ]] || e2e_die "cache holds other content for $sha"
  done
  grep -q 'req="PUT /cache/cas/' "$CACHE_LOG" || e2e_die "no PUT in the cache log"
}

case_rerun_uploads_nothing() {
  local before
  before="$(grep -c 'req="PUT' "$CACHE_LOG" || true)"
  rm -rf "$A/vendor" "$A/.airlock"
  export AIRLOCK_CACHE="$E2E_TMP/cache/runner-a"
  e2e_airlock rerun fetch -f "$A/fetch.yaml" --netrc "$NETRC_FILE" --remote-cache-write
  e2e_expect_rc 0
  [[ "$(grep -c 'req="PUT' "$CACHE_LOG" || true)" == "$before" ]] || e2e_die "a re-run uploaded again"
}

case_corrupt_object_refused() {
  local r="$E2E_TMP/runner-c"
  checkout "$r"
  cp "$CAS_ROOT/cache/cas/$SHA_A" "$E2E_TMP/a.good"
  printf 'tampered' >"$CAS_ROOT/cache/cas/$SHA_A"
  export HOME="$r/home" AIRLOCK_CACHE="$r/airlock-cache"
  e2e_airlock corrupt fetch -f "$r/project/fetch.yaml" --frozen --netrc "$NETRC_FILE"
  cp "$E2E_TMP/a.good" "$CAS_ROOT/cache/cas/$SHA_A"
  e2e_expect_rc 0
  grep -q "other content" "$ERR" || e2e_die "no warning about the corrupt object: $(e2e_tail "$ERR")"
  [[ "$(sha256_of "$r/project/vendor/files/a/a.bin")" == "$SHA_A" ]] || e2e_die "wrong a.bin placed"
}

case_incomplete_cache_names_missing() {
  local r="$E2E_TMP/runner-i"
  checkout "$r"
  mv "$CAS_ROOT/cache/cas/$SHA_B" "$E2E_TMP/b.held"
  runner "$r" incomplete --frozen
  mv "$E2E_TMP/b.held" "$CAS_ROOT/cache/cas/$SHA_B"
  e2e_expect_rc 3
  grep -q "b: not in the remote cache" "$ERR" || e2e_die "source not named: $(e2e_tail "$ERR")"
  grep -q "files/b/b.bin" "$ERR" || e2e_die "file not named: $(e2e_tail "$ERR")"
  [[ ! -e "$r/project/vendor/files/a" ]] || e2e_die "something was placed"
}

case_runner_b_from_cache_only() {
  e2e_stop_nginx # the registry is gone
  local r="$E2E_TMP/runner-b"
  checkout "$r"
  runner "$r" runner-b --frozen
  e2e_expect_rc 0
  [[ "$(e2e_tree_digest "$A/vendor")" == "$(e2e_tree_digest "$r/project/vendor")" ]] \
    || e2e_die "vendor dirs differ"
  cmp -s "$A/fetch.lock" "$r/project/fetch.lock" || e2e_die "fetch.lock changed"
  [[ -d "$r/airlock-cache/files/sha256" ]] || e2e_die "the local cache was not filled"
}

case_no_credential_crosses() {
  # registry secrets never in the cache's log; the cache's never in the registry's log
  e2e_sweep "$CACHE_LOG" >&2 || e2e_die "a registry credential reached the cache"
  local b64 needle
  b64="$(printf '%s' "$CACHE_USER:$CACHE_PW" | base64 -w0)"
  for needle in "$CACHE_PW" "$b64" "${CACHE_PW:7:24}"; do
    if grep -rqaF -- "$needle" "$ORIGIN_LOG" "$FOREIGN_LOG" "$E2E_TMP/out" "$A" "$E2E_TMP"/runner-*/project; then
      e2e_die "the cache's credential leaked"
    fi
  done
  grep -q "auth=\"Basic $b64\"" "$CACHE_LOG" || e2e_die "the cache never got its own credential"
  e2e_sweep "$E2E_TMP/out" "$A/vendor" "$A/fetch.lock" "$E2E_TMP"/runner-*/project >&2 || e2e_die "canary in output or vendor"
}

e2e_case remote-cache-runner-a-uploads case_runner_a_uploads
e2e_case remote-cache-rerun-uploads-nothing case_rerun_uploads_nothing
e2e_case remote-cache-corrupt-object-refused case_corrupt_object_refused
e2e_case remote-cache-incomplete-names-missing case_incomplete_cache_names_missing
e2e_case remote-cache-runner-b-from-cache-only case_runner_b_from_cache_only
e2e_case remote-cache-no-credential-crosses case_no_credential_crosses
