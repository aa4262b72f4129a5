#!/usr/bin/env bash
# airlock fetch/verify over real HTTPS (nginx, HTTP/2, private CA) with netrc Basic, Bearer and
# PRIVATE-TOKEN credentials: layout, lock, verify, redirects that must not carry credentials,
# failures that must leave the vendor dir alone, manifest refusals, and a canary sweep of every
# output, the vendor trees, the locks and the cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_setup_server

SHA_A="$(sha256_of "$DOCROOT/basic/a.bin")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"
SHA_C="$(sha256_of "$DOCROOT/header/c.bin")"
SHA_P="$(sha256_of "$DOCROOT/public/p.bin")"
SHA_TGZ="$(sha256_of "$DOCROOT/basic/tree.tar.gz")"
SHA_ZIP="$(sha256_of "$DOCROOT/basic/tree.zip")"
WRONG_SHA="$(printf 'not the file' | sha256sum | cut -d' ' -f1)"

CREDS='credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }
  hdr: { token: { env: E2E_TOKEN2, header: PRIVATE-TOKEN } }'

# proj NAME: sets P (project dir) and a cache of its own, and writes stdin to P/fetch.yaml.
proj() {
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

# use NAME: points P and the cache at an existing project.
use() {
  P="$E2E_TMP/proj/$1"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
}

fetch() { # LABEL [ARGS...]: airlock fetch on $P with the run's netrc and CA
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "$@"
}

expect_file_sha() { # PATH SHA
  [[ -f "$1" ]] || e2e_die "missing ${1#"$E2E_TMP"/}"
  [[ "$(sha256_of "$1")" == "$2" ]] || e2e_die "wrong sha256 for ${1#"$E2E_TMP"/}"
}

main_manifest() {
  cat <<EOF
version: 1
$CREDS
sources:
  - { name: a, credentials: corp, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
  - { name: b, credentials: tok, http: { url: "$ORIGIN/bearer/b.bin", sha256: $SHA_B } }
  - { name: c, credentials: hdr, http: { url: "$ORIGIN/header/c.bin", sha256: $SHA_C } }
  - { name: d, http: { url: "$ORIGIN/public/p.bin" } }
EOF
}

# --- fetch, lock, refetch -----------------------------------------------------------------

t_fetch() {
  proj main < <(main_manifest)
  fetch fetch-main
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/a/a.bin" "$SHA_A"
  expect_file_sha "$P/vendor/files/b/b.bin" "$SHA_B"
  expect_file_sha "$P/vendor/files/c/c.bin" "$SHA_C"
  expect_file_sha "$P/vendor/files/d/p.bin" "$SHA_P"
  [[ -f "$P/fetch.lock" ]] || e2e_die "no fetch.lock"
  local s
  for s in "$SHA_A" "$SHA_B" "$SHA_C" "$SHA_P"; do
    grep -q "$s" "$P/fetch.lock" || e2e_die "fetch.lock lacks sha256 $s"
  done
}

t_refetch_identical() {
  use main
  [[ -f "$P/fetch.lock" ]] || e2e_die "no fetch.lock from the first fetch"
  cp "$P/fetch.lock" "$E2E_TMP/lock.first"
  local before
  before="$(e2e_tree_digest "$P/vendor")"
  fetch refetch-main
  e2e_expect_rc 0
  cmp -s "$P/fetch.lock" "$E2E_TMP/lock.first" || e2e_die "fetch.lock changed: $(diff "$E2E_TMP/lock.first" "$P/fetch.lock" | head -5 | tr '\n' '|')"
  [[ "$(e2e_tree_digest "$P/vendor")" == "$before" ]] || e2e_die "vendor tree changed"
}

t_fetch_verbose() {
  # Same manifest in a fresh project with -v: the debug output is swept for canaries later.
  proj main-verbose < <(main_manifest)
  fetch fetch-main-verbose -v
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/b/b.bin" "$SHA_B"
  cmp -s "$P/fetch.lock" "$E2E_TMP/proj/main/fetch.lock" || e2e_die "lock differs from the non-verbose project's"
}

# --- verify -------------------------------------------------------------------------------

verify() { e2e_airlock "$1" verify -f "$P/fetch.yaml" --netrc "$NETRC_FILE"; }

with_vendor_backup() { # FN: snapshot vendor, run FN, restore, check verify is clean again
  use main
  [[ -d "$P/vendor" ]] || e2e_die "no vendor dir from the first fetch"
  rm -rf "$E2E_TMP/vendor.bak"
  cp -a "$P/vendor" "$E2E_TMP/vendor.bak"
  local rc=0
  ("$1") || rc=$?
  rm -rf "$P/vendor"
  cp -a "$E2E_TMP/vendor.bak" "$P/vendor"
  ((rc == 0)) || exit "$rc"
  verify verify-after-restore
  e2e_expect_rc 0
}

t_verify_clean() {
  use main
  [[ -f "$P/fetch.lock" && -d "$P/vendor" ]] || e2e_die "no fetch.lock/vendor from the first fetch"
  verify verify-clean
  e2e_expect_rc 0
}

t_verify_changed() {
  _changed() {
    printf 'x' >>"$P/vendor/files/a/a.bin"
    verify verify-changed
    e2e_expect_rc 1
  }
  with_vendor_backup _changed
}

t_verify_same_size_change() {
  _flip() { # same length, one byte different: a size check alone would miss it
    local f="$P/vendor/files/b/b.bin" first
    first="$(head -c 1 "$f" | od -An -tx1 | tr -d ' \n')"
    if [[ "$first" == 00 ]]; then printf '\x01'; else printf '\x00'; fi |
      dd of="$f" bs=1 seek=0 conv=notrunc status=none
    [[ "$(stat -c %s "$f")" == 40000 ]] || e2e_die "size changed"
    verify verify-flipped
    e2e_expect_rc 1
  }
  with_vendor_backup _flip
}

t_verify_tamper_keeps_mtime() {
  _sneaky() { # same size AND same mtime: only hashing can tell (a stat cache must not answer)
    local f="$P/vendor/files/c/c.bin" first
    first="$(head -c 1 "$f" | od -An -tx1 | tr -d ' \n')"
    if [[ "$first" == 00 ]]; then printf '\x01'; else printf '\x00'; fi |
      dd of="$f" bs=1 seek=0 conv=notrunc status=none
    touch -r "$E2E_TMP/vendor.bak/files/c/c.bin" "$f"
    verify verify-tamper-same-mtime
    e2e_expect_rc 1
    # Informational: does an incremental fetch notice? (It may trust size+mtime, like git.)
    fetch fetch-after-tamper
    if [[ "$RC" == 0 && "$(sha256_of "$f")" != "$SHA_C" ]]; then
      e2e_log "note: fetch exited 0 and left a tampered vendor file in place (size+mtime trusted)"
    else
      e2e_log "note: fetch after a same-mtime tamper: exit $RC, file $( [[ "$(sha256_of "$f")" == "$SHA_C" ]] && echo restored || echo still-tampered)"
    fi
  }
  with_vendor_backup _sneaky
}

t_verify_missing() {
  _missing() {
    rm "$P/vendor/files/c/c.bin"
    verify verify-missing
    e2e_expect_rc 1
  }
  with_vendor_backup _missing
}

t_verify_extra() {
  _extra() {
    printf 'stray\n' >"$P/vendor/files/a/extra.txt"
    verify verify-extra
    e2e_expect_rc 1
  }
  with_vendor_backup _extra
}

# --- redirects: credentials go to the origin only ---------------------------------------------

# redirect_case LABEL CRED PATH: fetch one source at $ORIGIN/PATH with credential id CRED, then
# check that nothing the foreign servers logged carries a credential.
redirect_case() {
  local label="$1" cred="$2" path="$3" shaline="${4:-}"
  proj "$label" <<EOF
version: 1
$CREDS
sources:
  - { name: r, credentials: $cred, http: { url: "$ORIGIN/$path"$shaline } }
EOF
  local off_f off_o
  off_f=$(e2e_log_size "$FOREIGN_LOG")
  off_o=$(e2e_log_size "$ORIGIN_LOG")
  fetch "$label" -v
  local flog olog
  flog="$(e2e_log_since "$FOREIGN_LOG" "$off_f")"
  olog="$(e2e_log_since "$ORIGIN_LOG" "$off_o")"
  e2e_log "$label: exit $RC; origin saw: $(grep -o 'status=[0-9]*' <<<"$olog" | tr '\n' ' '); foreign saw: $(grep -o 'srv=[^ ]* req="[^"]*" status=[0-9]*' <<<"$flog" | tr '\n' ' ')"
  printf '%s\n' "$flog" >"$E2E_TMP/foreign-$label.log"
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/foreign-$label.log")"; then
    e2e_die "credential reached a foreign origin: $hits"
  fi
  if grep -v '^$' <<<"$flog" | grep -vq 'auth="-" ptok="-" cookie="-" pauth="-"'; then
    e2e_die "foreign origin received credential headers: $(grep -o 'auth="[^"]\{0,12\}' <<<"$flog" | head -1)…"
  fi
  grep -qF "req=\"GET /$path " <<<"$olog" || e2e_die "the origin saw no request: nothing was tested (exit $RC; stderr: $(e2e_tail "$ERR"))"
  # The test proves most if the origin accepted the credential and redirected.
  if ! grep -q 'status=302' <<<"$olog"; then
    e2e_log "$label: note: origin did not answer 302 (credential not sent or refused earlier)"
  fi
}

t_redirect_bearer() {
  redirect_case redirect-bearer tok redirect/bearer/h2/public/p.bin ", sha256: $SHA_P"
}
t_redirect_header() {
  redirect_case redirect-private-token hdr redirect/header/h2/public/p.bin ", sha256: $SHA_P"
}
t_redirect_basic_challenge() {
  # Foreign host answers 401 with Basic and Bearer challenges: nothing may be re-sent there.
  redirect_case redirect-basic-challenge corp redirect/basic/h2/challenge/p.bin
  e2e_expect_rc 3
}
t_redirect_downgrade() {
  # https -> http (to loopback, on another origin) with a PRIVATE-TOKEN credential.
  redirect_case redirect-https-to-http hdr redirect/header/http/public/p.bin ", sha256: $SHA_P"
}
t_redirect_port() {
  # Same host, other port: another origin.
  redirect_case redirect-other-port tok redirect/bearer/port/public/p.bin ", sha256: $SHA_P"
}

# --- fetch failures -----------------------------------------------------------------------

t_wrong_password() {
  proj wrong-password <<EOF
version: 1
$CREDS
sources:
  - { name: wrongpw-src, credentials: corp, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
EOF
  e2e_airlock wrong-password fetch -f "$P/fetch.yaml" --netrc "$NETRC_WRONG" --ca-cert "$CA_PEM" -v
  e2e_expect_rc 3
  grep -q 'wrongpw-src' "$ERR" || e2e_die "stderr does not name the source: $(e2e_tail "$ERR")"
  [[ ! -e "$P/vendor/files/wrongpw-src" ]] || e2e_die "vendor/files/wrongpw-src exists"
}

t_missing_ca() {
  proj missing-ca < <(main_manifest)
  e2e_airlock missing-ca fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 3
  [[ ! -e "$P/fetch.lock" ]] || e2e_die "fetch.lock written"
}

t_unrelated_ca() {
  proj unrelated-ca < <(main_manifest)
  e2e_airlock unrelated-ca fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$OTHER_CA_PEM"
  e2e_expect_rc 3
}

t_manifest_ca() {
  # tls.caCerts in the manifest, relative to it, instead of --ca-cert.
  proj manifest-ca <<EOF
version: 1
tls:
  caCerts: [certs/e2e-ca.pem]
$CREDS
sources:
  - { name: b, credentials: tok, http: { url: "$ORIGIN/bearer/b.bin", sha256: $SHA_B } }
EOF
  mkdir -p "$P/certs"
  cp "$CA_PEM" "$P/certs/e2e-ca.pem"
  e2e_airlock manifest-ca fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/b/b.bin" "$SHA_B"
}

t_sha_mismatch() {
  proj sha-mismatch < <(main_manifest)
  fetch sha-mismatch-first
  e2e_expect_rc 0
  local before
  before="$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")"
  sed -i "s/sha256: $SHA_B/sha256: $WRONG_SHA/" "$P/fetch.yaml"
  fetch sha-mismatch
  e2e_expect_rc 3
  [[ "$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")" == "$before" ]] || e2e_die "vendor dir or fetch.lock changed"
}

t_upstream_changed() {
  # No sha256 in the manifest: the lock pins it. The server's file changes and the vendor dir is
  # gone; an unchanged entry must reproduce the lock or fail, not take the new bytes.
  proj upstream-changed <<EOF
version: 1
$CREDS
sources:
  - { name: m, credentials: corp, http: { url: "$ORIGIN/basic/m.bin" } }
EOF
  fetch upstream-changed-first
  e2e_expect_rc 0
  local old
  old="$(sha256_of "$DOCROOT/basic/m.bin")"
  grep -q "$old" "$P/fetch.lock" || e2e_die "lock lacks the sha256"
  cp "$P/fetch.lock" "$E2E_TMP/upstream.lock"
  head -c 10000 /dev/urandom >"$DOCROOT/basic/m.bin"
  rm -rf "$P/vendor" "$AIRLOCK_CACHE" # the cache would restore the locked bytes: test the network path
  fetch upstream-changed
  e2e_expect_rc 3
  cmp -s "$P/fetch.lock" "$E2E_TMP/upstream.lock" || e2e_die "fetch.lock changed"
  [[ ! -e "$P/vendor/files/m/m.bin" ]] || e2e_die "new upstream bytes were vendored"
}

t_login_page() {
  proj login-page <<EOF
version: 1
$CREDS
sources:
  - { name: login, credentials: corp, http: { url: "$ORIGIN/login/model.bin" } }
EOF
  fetch login-page
  e2e_expect_rc 3
  [[ -z "$(find "$P/vendor" -type f 2>/dev/null)" ]] || e2e_die "something was vendored"
  [[ ! -e "$P/fetch.lock" ]] || ! grep -q login "$P/fetch.lock" || e2e_die "fetch.lock records the login page"
}

extract_case() { # LABEL FILE SHA
  proj "$1" <<EOF
version: 1
$CREDS
sources:
  - { name: t, credentials: corp, http: { url: "$ORIGIN/basic/$2", sha256: $3, extract: true } }
EOF
  fetch "$1"
  e2e_expect_rc 0
  local f
  while IFS= read -r f; do
    cmp -s "$FIXTURE_TREE/$f" "$P/vendor/files/t/$f" || e2e_die "vendor/files/t/$f missing or different"
  done < <(cd "$FIXTURE_TREE" && find . -type f | sed 's|^\./||')
  local extra
  extra="$(cd "$P/vendor/files/t" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
    comm -23 - <(cd "$FIXTURE_TREE" && find . -type f | sed 's|^\./||' | LC_ALL=C sort))"
  [[ -z "$extra" ]] || e2e_log "$1: note: extra files beside the unpacked tree: $extra"
}
t_extract_tgz() { extract_case extract-tar-gz tree.tar.gz "$SHA_TGZ"; }
t_extract_zip() { extract_case extract-zip tree.zip "$SHA_ZIP"; }

t_credentials_none() {
  # `credentials: none` sends nothing, not even the netrc entry the host has.
  proj credentials-none <<EOF
version: 1
$CREDS
sources:
  - { name: n, credentials: none, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
EOF
  local off
  off=$(e2e_log_size "$ORIGIN_LOG")
  fetch credentials-none
  e2e_expect_rc 3
  local olog
  olog="$(e2e_log_since "$ORIGIN_LOG" "$off")"
  grep -q 'GET /basic/a.bin' <<<"$olog" || e2e_die "no request reached the origin"
  if grep 'GET /basic/a.bin' <<<"$olog" | grep -vq 'auth="-"'; then e2e_die "an Authorization header was sent"; fi
}

t_token_env_unset() {
  proj token-env-unset < <(main_manifest)
  (
    unset E2E_TOKEN
    fetch token-env-unset
    e2e_expect_rc 2
    grep -q 'E2E_TOKEN' "$ERR" || e2e_die "stderr does not name the variable: $(e2e_tail "$ERR")"
  )
  [[ ! -e "$P/fetch.lock" ]] || e2e_die "fetch.lock written"
}

t_netrc_env() {
  # $NETRC instead of --netrc.
  proj netrc-env <<EOF
version: 1
$CREDS
sources:
  - { name: a, credentials: corp, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
EOF
  NETRC="$NETRC_FILE" e2e_airlock netrc-env fetch -f "$P/fetch.yaml" --ca-cert "$CA_PEM"
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/a/a.bin" "$SHA_A"
}

t_netrc_world_readable() {
  # A group/world-readable netrc is ignored with a warning: the fetch then fails on 401.
  proj netrc-0644 <<EOF
version: 1
$CREDS
sources:
  - { name: a, credentials: corp, http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A } }
EOF
  local nf="$E2E_TMP/netrc-0644" off
  cp "$NETRC_FILE" "$nf"
  chmod 644 "$nf"
  off=$(e2e_log_size "$ORIGIN_LOG")
  e2e_airlock netrc-0644 fetch -f "$P/fetch.yaml" --netrc "$nf" --ca-cert "$CA_PEM"
  rm -f "$nf"
  e2e_expect_rc 3 2
  grep -qi 'netrc' "$ERR" || e2e_die "no warning about the netrc file: $(e2e_tail "$ERR")"
  if e2e_log_since "$ORIGIN_LOG" "$off" | grep -q 'auth="Basic'; then e2e_die "the password was sent anyway"; fi
}

t_killed_midway() {
  # kill -9 in the middle of a download: the vendor dir and the lock stay as they were, no
  # partial file appears in the vendor dir, and the next fetch completes.
  proj killed < <(main_manifest)
  fetch killed-first
  e2e_expect_rc 0
  local before sha_big
  before="$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")"
  sha_big="$(sha256_of "$DOCROOT/slow/big.bin")"
  printf '  - { name: big, credentials: corp, http: { url: "%s/slow/big.bin", sha256: %s } }\n' "$ORIGIN" "$sha_big" >>"$P/fetch.yaml"
  e2e_launcher
  local out="$E2E_TMP/out/killed-midway.out" err="$E2E_TMP/out/killed-midway.err" pid i
  "${E2E_LAUNCHER[@]}" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" -v </dev/null >"$out" 2>"$err" &
  pid=$!
  printf 'fetch -f %s --netrc %s --ca-cert %s -v (killed)\n' "$P/fetch.yaml" "$NETRC_FILE" "$CA_PEM" >"${out%.out}.cmd"
  for ((i = 0; i < 150; i++)); do
    grep -q 'slow/big.bin' "$err" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  sleep 1.5 # well into the ~6 s transfer
  kill -0 "$pid" 2>/dev/null || e2e_die "fetch ended before it could be killed: $(e2e_tail "$err")"
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  [[ "$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")" == "$before" ]] ||
    e2e_die "vendor dir or fetch.lock changed: $(cd "$P/vendor" && find . -newer "$out" | head -3 | tr '\n' ' ')"
  # No shutdown hook runs on kill -9: its staging stays in .airlock/ (never in vendor) until the
  # next run removes it.
  compgen -G "$P/.airlock/run-*" >/dev/null || e2e_log "note: the killed run left no staging folder"
  fetch killed-refetch
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/big/big.bin" "$sha_big"
  local litter
  litter="$(cd "$P/.airlock" && ls -A | grep -vxE 'lock|state|up-to-date' || true)"
  [[ -z "$litter" ]] || e2e_die "litter in .airlock after the next run: $(tr '\n' ' ' <<<"$litter")"
  if find "$AIRLOCK_CACHE" -regextype posix-extended -type f ! -regex '.*/[0-9a-f]{64}' | grep -q .; then
    e2e_die "temp files in the cache: $(find "$AIRLOCK_CACHE" -regextype posix-extended -type f ! -regex '.*/[0-9a-f]{64}' | head -3 | tr '\n' ' ')"
  fi
  verify killed-verify
  e2e_expect_rc 0
}

# --- manifest refusals: exit 2, file:line:col, value never echoed, no request sent ---------

# refusal LABEL LINE: the manifest on stdin is wrong at LINE.
refusal() {
  local label="$1" line="$2"
  proj "$label"
  local off_o off_f
  off_o=$(e2e_log_size "$ORIGIN_LOG")
  off_f=$(e2e_log_size "$FOREIGN_LOG")
  fetch "$label"
  e2e_expect_rc 2
  grep -Eq "fetch\.yaml:$line:[0-9]+:" "$ERR" ||
    e2e_die "stderr lacks fetch.yaml:$line:COL: — $(e2e_tail "$ERR")"
  if grep -qF "LITERAL-$LIT" "$ERR" "$OUT"; then e2e_die "the refused value is echoed"; fi
  [[ "$(e2e_log_size "$ORIGIN_LOG")" == "$off_o" && "$(e2e_log_size "$FOREIGN_LOG")" == "$off_f" ]] ||
    e2e_die "a request was sent although the manifest is invalid"
  [[ ! -e "$P/fetch.lock" ]] || e2e_die "fetch.lock written"
}
LIT="$(openssl rand -hex 8)"

t_refuse_literal_password() {
  refusal refuse-literal-password 6 <<EOF
version: 1
credentials:
  corp:
    basic:
      username: u
      password: LITERAL-$LIT
sources:
  - { name: a, credentials: corp, http: { url: "$ORIGIN/basic/a.bin" } }
EOF
}

t_refuse_userinfo() {
  refusal refuse-userinfo-url 4 <<EOF
version: 1
sources:
  - name: a
    http: { url: "https://u:LITERAL-$LIT@127.0.0.1:$PORT1/basic/a.bin" }
EOF
}

t_refuse_query_token() {
  refusal refuse-query-token 4 <<EOF
version: 1
sources:
  - name: a
    http: { url: "$ORIGIN/basic/a.bin?private_token=LITERAL-$LIT" }
EOF
}

t_refuse_unknown_key() {
  refusal refuse-unknown-key 6 <<EOF
version: 1
sources:
  - name: a
    http:
      url: "$ORIGIN/public/p.bin"
      sha265: $SHA_P
EOF
}

t_refuse_duplicate_names() {
  refusal refuse-duplicate-names 4 <<EOF
version: 1
sources:
  - { name: a, http: { url: "$ORIGIN/public/p.bin" } }
  - { name: a, http: { url: "$ORIGIN/bearer/b.bin" } }
EOF
}

t_refuse_unknown_credential() {
  refusal refuse-unknown-credential 8 <<EOF
version: 1
$CREDS
sources:
  - name: a
    credentials: nosuch
    http: { url: "$ORIGIN/basic/a.bin" }
EOF
}

t_refuse_plain_http() {
  refusal refuse-plain-http 4 <<EOF
version: 1
sources:
  - name: a
    http: { url: "http://example.invalid/x" }
EOF
}

t_allow_http_loopback() {
  proj allow-http-loopback <<EOF
version: 1
sources:
  - { name: p, credentials: none, http: { url: "http://127.0.0.2:$PORT3/public/p.bin", sha256: $SHA_P } }
EOF
  fetch allow-http-loopback
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/p/p.bin" "$SHA_P"
}

# --- frozen ---------------------------------------------------------------------------------

t_frozen_no_lock() {
  proj frozen-no-lock < <(main_manifest)
  fetch frozen-no-lock --frozen
  e2e_expect_rc 1
  [[ ! -e "$P/fetch.lock" ]] || e2e_die "fetch.lock written"
}

# --- sweep ----------------------------------------------------------------------------------

t_canary_sweep() {
  local n hits
  n=$(find "$E2E_TMP/out" -type f | wc -l)
  ((n > 10)) || e2e_die "only $n output files captured"
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" "$E2E_TMP/home")"; then
    e2e_die "canary found: $(tr '\n' ' ' <<<"$hits")"
  fi
}

t_no_stack_traces() {
  # Without -v a failure is one clear message, never a Java stack trace. (With -v, `debug:`
  # lines may carry one; the canary sweep still covers them.)
  local f bad=""
  for f in "$E2E_TMP"/out/*.err; do
    [[ -f "${f%.err}.cmd" ]] && grep -qE '(^| )(-v|--verbose)( |$)' "${f%.err}.cmd" && continue
    if grep -Eq 'Exception in thread|(^|[[:space:]])at [a-zA-Z_][a-zA-Z0-9_.$]*\([A-Za-z0-9_$]*\.java:[0-9]+\)' "$f"; then
      bad+="$(basename "$f" .err) "
    fi
  done
  [[ -z "$bad" ]] || e2e_die "stack trace in stderr of: $bad"
}

e2e_case fetch-basic-bearer-header t_fetch
e2e_case refetch-lock-byte-identical t_refetch_identical
e2e_case fetch-verbose t_fetch_verbose
e2e_case verify-clean t_verify_clean
e2e_case verify-changed-file t_verify_changed
e2e_case verify-same-size-change t_verify_same_size_change
e2e_case verify-tamper-keeps-mtime t_verify_tamper_keeps_mtime
e2e_case verify-missing-file t_verify_missing
e2e_case verify-extra-file t_verify_extra
e2e_case redirect-cross-host-bearer t_redirect_bearer
e2e_case redirect-cross-host-private-token t_redirect_header
e2e_case redirect-cross-host-basic-401-challenge t_redirect_basic_challenge
e2e_case redirect-https-to-http-private-token t_redirect_downgrade
e2e_case redirect-other-port-bearer t_redirect_port
e2e_case wrong-netrc-password t_wrong_password
e2e_case missing-ca t_missing_ca
e2e_case unrelated-ca t_unrelated_ca
e2e_case manifest-tls-cacerts t_manifest_ca
e2e_case sha256-mismatch-keeps-vendor t_sha_mismatch
e2e_case upstream-changed-vs-lock t_upstream_changed
e2e_case html-login-page-refused t_login_page
e2e_case credentials-none-sends-nothing t_credentials_none
e2e_case token-env-unset t_token_env_unset
e2e_case netrc-from-env t_netrc_env
e2e_case netrc-world-readable-ignored t_netrc_world_readable
e2e_case killed-midway-leaves-vendor t_killed_midway
e2e_case extract-tar-gz t_extract_tgz
e2e_case extract-zip t_extract_zip
e2e_case refuse-literal-password t_refuse_literal_password
e2e_case refuse-userinfo-url t_refuse_userinfo
e2e_case refuse-query-token t_refuse_query_token
e2e_case refuse-unknown-key t_refuse_unknown_key
e2e_case refuse-duplicate-names t_refuse_duplicate_names
e2e_case refuse-unknown-credential t_refuse_unknown_credential
e2e_case refuse-plain-http-non-loopback t_refuse_plain_http
e2e_case allow-plain-http-loopback t_allow_http_loopback
e2e_case frozen-without-lock t_frozen_no_lock
e2e_case canary-sweep t_canary_sweep
e2e_case no-stack-traces t_no_stack_traces
