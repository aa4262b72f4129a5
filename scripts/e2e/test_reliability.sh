#!/usr/bin/env bash
# airlock fetch under faults, against real nginx: Ctrl-C (SIGINT) or SIGTERM in the middle of a rate-limited
# download, a full disk (staging, vendor dir or cache on a 2 MiB tmpfs), two runs at once in one
# workspace. Each time: the documented exit code and message, the vendor dir and fetch.lock as
# they were, no temp litter, and the next run completes. (kill -9 is in test_http.sh.)
# The tmpfs cases need root (mount); they print `skip NAME: …` otherwise.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init

# Unmount every tmpfs a case left mounted before lib.sh removes the temp dir.
rel_unmount_all() {
  local m
  [[ -n "$E2E_TMP" ]] || return 0
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(awk -v p="$E2E_TMP/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r)
}
trap 'rc=$?; rel_unmount_all; (exit $rc); e2e_cleanup' EXIT

e2e_setup_server

# 3 MiB served at full speed: more than a 2 MiB tmpfs can hold.
head -c 3145728 /dev/urandom >"$DOCROOT/public/big3m.bin"
SHA_P="$(sha256_of "$DOCROOT/public/p.bin")"
SHA_3M="$(sha256_of "$DOCROOT/public/big3m.bin")"
SHA_SLOW="$(sha256_of "$DOCROOT/slow/big.bin")"

CREDS='credentials:
  corp: { netrc: {} }'

proj() { # NAME [DIR]: P = DIR or a fresh project folder, its own cache; writes stdin to P/fetch.yaml
  P="${2:-$E2E_TMP/proj/$1}"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "$@"
}

small_manifest() {
  cat <<EOF
version: 1
$CREDS
sources:
  - { name: p, credentials: none, http: { url: "$ORIGIN/public/p.bin", sha256: $SHA_P } }
EOF
}

add_source() { # NAME PATH SHA
  printf '  - { name: %s, credentials: corp, http: { url: "%s/%s", sha256: %s } }\n' "$1" "$ORIGIN" "$2" "$3" >>"$P/fetch.yaml"
}

expect_file_sha() { # PATH SHA
  [[ -f "$1" ]] || e2e_die "missing ${1#"$E2E_TMP"/}"
  [[ "$(sha256_of "$1")" == "$2" ]] || e2e_die "wrong sha256 for ${1#"$E2E_TMP"/}"
}

# Fails the case if .airlock/ holds anything but the workspace lock, the state file and the up-to-date record.
expect_no_litter() { # WORKDIR
  local litter
  litter="$(cd "$1" && ls -A | grep -vxE 'lock|state|up-to-date' || true)"
  [[ -z "$litter" ]] || e2e_die "left in ${1#"$E2E_TMP"/}: $(tr '\n' ' ' <<<"$litter")"
}

# Fails the case if the cache holds anything but complete entries named by their sha256.
expect_clean_cache() {
  [[ -d "$AIRLOCK_CACHE" ]] || return 0
  local f bad=""
  while IFS= read -r f; do
    [[ "$(basename "$f")" == "$(sha256_of "$f")" ]] || bad+="${f#"$AIRLOCK_CACHE"/} "
  done < <(find "$AIRLOCK_CACHE" -type f)
  [[ -z "$bad" ]] || e2e_die "partial or temp files in the cache: $bad"
}

# Starts the CLI in the background with job control on, so that SIGINT reaches the JVM (a
# background job of a script otherwise starts with SIGINT ignored). When this script itself was
# started with SIGINT ignored (a CI runner, `cmd &`), job control cannot undo that: python3 puts
# SIGINT back to its default before it execs the launcher. Sets BG_PID BG_OUT BG_ERR.
start_bg() { # LABEL ARGS...
  local label="$1"
  shift
  BG_OUT="$E2E_TMP/out/$label.out"
  BG_ERR="$E2E_TMP/out/$label.err"
  printf '%s\n' "$*" >"$E2E_TMP/out/$label.cmd"
  e2e_launcher
  set -m
  python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    "${E2E_LAUNCHER[@]}" "$@" </dev/null >"$BG_OUT" 2>"$BG_ERR" &
  BG_PID=$!
  set +m
}

wait_for_line() { # FILE PATTERN PID: up to 20 s for PATTERN to appear in FILE while PID lives
  local i
  for ((i = 0; i < 200; i++)); do
    grep -q "$2" "$1" && return 0
    kill -0 "$3" 2>/dev/null || e2e_die "process ended before '$2': $(e2e_tail "$1")"
    sleep 0.1
  done
  e2e_die "no '$2' after 20 s: $(e2e_tail "$1")"
}

now_ms() { date +%s%3N; }

# --- Ctrl-C ---------------------------------------------------------------------------------

# The shell's convention, which README states: 130 after SIGINT (Ctrl-C), 143 after SIGTERM.
t_signal_midway() { # INT|TERM EXIT
  local sig="$1" want="$2" name
  name="sig${1,,}"
  proj "$name" < <(small_manifest)
  fetch "$name-first"
  e2e_expect_rc 0
  local before
  before="$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")"
  add_source big slow/big.bin "$SHA_SLOW"
  start_bg "$name-midway" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" -v
  wait_for_line "$BG_ERR" 'GET .*/slow/big.bin' "$BG_PID"
  sleep 1.5 # well into the ~6 s transfer
  compgen -G "$P/.airlock/run-*" >/dev/null || e2e_die "no staging folder while downloading"
  local t0 rc=0 ms
  t0=$(now_ms)
  kill "-$sig" "$BG_PID"
  wait "$BG_PID" || rc=$?
  ms=$(($(now_ms) - t0))
  e2e_log "SIG$sig: exit $rc after $ms ms"
  ((rc == want)) || e2e_die "exit $rc after SIG$sig, want $want"
  ((ms < 5000)) || e2e_die "took $ms ms to stop after SIG$sig"
  [[ "$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")" == "$before" ]] || e2e_die "vendor dir or fetch.lock changed"
  expect_no_litter "$P/.airlock" # removed by the interrupted run itself, not by the next one
  expect_clean_cache
  fetch "$name-next"
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/big/big.bin" "$SHA_SLOW"
  expect_no_litter "$P/.airlock"
  e2e_airlock "$name-verify" verify -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
}

# --- two runs at once -----------------------------------------------------------------------

t_two_runs_at_once() {
  proj concurrent < <(small_manifest)
  add_source big slow/big.bin "$SHA_SLOW"
  local off a_out a_err b_pid a_pid rc_a=0 rc_b=0 waited
  off=$(e2e_log_size "$ORIGIN_LOG")
  e2e_launcher
  local args=(fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM")
  "${E2E_LAUNCHER[@]}" "${args[@]}" </dev/null >"$E2E_TMP/out/concurrent-a.out" 2>"$E2E_TMP/out/concurrent-a.err" &
  a_pid=$!
  "${E2E_LAUNCHER[@]}" "${args[@]}" </dev/null >"$E2E_TMP/out/concurrent-b.out" 2>"$E2E_TMP/out/concurrent-b.err" &
  b_pid=$!
  printf '%s\n' "${args[*]}" | tee "$E2E_TMP/out/concurrent-a.cmd" >"$E2E_TMP/out/concurrent-b.cmd"
  wait "$a_pid" || rc_a=$?
  wait "$b_pid" || rc_b=$?
  ((rc_a == 0 && rc_b == 0)) ||
    e2e_die "exits $rc_a and $rc_b: $(e2e_tail "$E2E_TMP/out/concurrent-a.err") / $(e2e_tail "$E2E_TMP/out/concurrent-b.err")"
  waited=$(grep -l 'waiting for another airlock run' "$E2E_TMP"/out/concurrent-[ab].err | wc -l)
  ((waited == 1)) || e2e_die "$waited runs said they were waiting (want 1)"
  local gets
  gets=$(e2e_log_since "$ORIGIN_LOG" "$off" | grep -c 'GET /slow/big.bin' || true)
  ((gets == 1)) || e2e_die "the slow file was downloaded $gets times (the second run should find it in place)"
  expect_file_sha "$P/vendor/files/big/big.bin" "$SHA_SLOW"
  expect_no_litter "$P/.airlock"
  e2e_airlock concurrent-verify verify -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
}

# --- disk full ------------------------------------------------------------------------------

# mount_small NAME SIZE: a fresh tmpfs at $E2E_TMP/mnt/NAME; sets MNT. Unmounted when the case ends.
mount_small() {
  MNT="$E2E_TMP/mnt/$1"
  mkdir -p "$MNT"
  mount -t tmpfs -o "size=$2,mode=0700" tmpfs "$MNT" || e2e_die "mount -t tmpfs failed (root is needed)"
  trap 'umount "'"$MNT"'" 2>/dev/null || umount -l "'"$MNT"'" 2>/dev/null || true' EXIT
}

used_bytes() { df --output=used -B1 "$1" | tail -1 | tr -d ' '; }

t_disk_full_staging() {
  # The whole project (manifest, vendor, .airlock) on 2 MiB; the 3 MiB download fills staging.
  mount_small project 2m
  proj disk-full-staging "$MNT/proj" < <(small_manifest)
  fetch disk-full-staging-first
  e2e_expect_rc 0
  local before used
  before="$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")"
  used=$(used_bytes "$MNT")
  add_source big public/big3m.bin "$SHA_3M"
  fetch disk-full-staging
  e2e_expect_rc 3
  grep -qi 'disk full' "$ERR" || e2e_die "stderr does not say the disk is full: $(e2e_tail "$ERR")"
  grep -q 'big' "$ERR" || e2e_die "stderr does not name the source: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$P/vendor" "$P/fetch.lock")" == "$before" ]] || e2e_die "vendor dir or fetch.lock changed"
  expect_no_litter "$P/.airlock"
  # The manifest grew by a line; everything else is back to where it was.
  (($(used_bytes "$MNT") <= used + 4096)) || e2e_die "the failed run left $(($(used_bytes "$MNT") - used)) bytes behind"
  expect_clean_cache
}

t_disk_full_vendor() {
  # Staging on the big disk, --vendor-dir on 2 MiB: placing the 3 MiB file (a copy across file
  # systems) fails; no half copy may stay in the vendor dir.
  mount_small vendor 2m
  proj disk-full-vendor < <(small_manifest)
  local vd="$MNT/vendor"
  fetch disk-full-vendor-first --vendor-dir "$vd"
  e2e_expect_rc 0
  expect_file_sha "$vd/files/p/p.bin" "$SHA_P"
  local before used
  before="$(e2e_tree_digest "$vd" "$P/fetch.lock")"
  used=$(used_bytes "$MNT")
  add_source big public/big3m.bin "$SHA_3M"
  fetch disk-full-vendor --vendor-dir "$vd"
  e2e_expect_rc 3
  grep -qi 'disk full' "$ERR" || e2e_die "stderr does not say the disk is full: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$vd" "$P/fetch.lock")" == "$before" ]] ||
    e2e_die "vendor dir or fetch.lock changed: $(cd "$vd" && find . | tr '\n' ' ' | cut -c1-200)"
  (($(used_bytes "$MNT") <= used)) || e2e_die "the failed run left $(($(used_bytes "$MNT") - used)) bytes in the vendor dir"
  expect_no_litter "$P/.airlock"
}

t_cache_full_not_fatal() {
  # A full cache only costs the next run a download.
  mount_small cache 1m
  proj cache-full < <(small_manifest)
  export AIRLOCK_CACHE="$MNT/cache"
  add_source big public/big3m.bin "$SHA_3M"
  fetch cache-full -v
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/big/big3m.bin" "$SHA_3M"
  expect_clean_cache
  expect_no_litter "$P/.airlock"
}

# --- sweeps ---------------------------------------------------------------------------------

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" "$E2E_TMP/home")"; then
    e2e_die "canary found: $(tr '\n' ' ' <<<"$hits")"
  fi
}

t_no_stack_traces() {
  local f bad=""
  for f in "$E2E_TMP"/out/*.err; do
    [[ -f "${f%.err}.cmd" ]] && grep -qE '(^| )(-v|--verbose)( |$)' "${f%.err}.cmd" && continue
    if grep -Eq 'Exception in thread|(^|[[:space:]])at [a-zA-Z_][a-zA-Z0-9_.$]*\([A-Za-z0-9_$]*\.java:[0-9]+\)' "$f"; then
      bad+="$(basename "$f" .err) "
    fi
  done
  [[ -z "$bad" ]] || e2e_die "stack trace in stderr of: $bad"
}

tmpfs_case() { # NAME FUNCTION: needs root for mount
  if [[ "$(id -u)" != 0 ]]; then
    echo "skip $1: needs root to mount a tmpfs"
    return 0
  fi
  e2e_case "$1" "$2"
}

t_sigint_midway() { t_signal_midway INT 130; }
t_sigterm_midway() { t_signal_midway TERM 143; }

e2e_case sigint-midway-cleans-up t_sigint_midway
e2e_case sigterm-midway-cleans-up-exits-143 t_sigterm_midway
e2e_case two-runs-at-once t_two_runs_at_once
tmpfs_case disk-full-in-staging t_disk_full_staging
tmpfs_case disk-full-in-vendor-dir t_disk_full_vendor
tmpfs_case cache-full-is-not-fatal t_cache_full_not_fatal
e2e_case canary-sweep t_canary_sweep
e2e_case no-stack-traces t_no_stack_traces
