#!/usr/bin/env bash
# Hostile trees against real nginx: archives that carry a .git folder (in the spellings git,
# NTFS and HFS+ read as .git) or a link to their own folder, and checkouts with symlinks planted
# where airlock writes (vendor/files -> ../victim, vendor/git -> a home folder, .airlock -> ...).
# Each must fail without placing anything, and without writing or deleting outside the project.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_setup_server

mkdir -p "$DOCROOT/public/hostile"

# proj NAME: sets P (project dir) and a cache of its own, and writes stdin to P/fetch.yaml.
proj() {
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --ca-cert "$CA_PEM" "$@"
}

# archive_manifest FILE: one source extracting public/hostile/FILE
archive_manifest() {
  cat <<EOF
version: 1
sources:
  - { name: t, http: { url: "$ORIGIN/public/hostile/$1", extract: true } }
EOF
}

expect_nothing_vendored() {
  [[ -z "$(find "$P/vendor" -mindepth 1 2>/dev/null)" ]] || e2e_die "something was vendored: $(find "$P/vendor" | head -5 | tr '\n' ' ')"
  [[ ! -e "$P/fetch.lock" ]] || e2e_die "fetch.lock was written"
}

# --- archives with .git -----------------------------------------------------------------------

# git_archive LABEL SPELLING FORMAT: x/SPELLING/config with core.fsmonitor, beside x/ok.txt
git_archive() {
  local label="$1" spelling="$2" format="$3" src="$E2E_TMP/src-$1" file="$1.$3"
  mkdir -p "$src/x/$spelling"
  printf 'ok\n' >"$src/x/ok.txt"
  printf '[core]\n\tfsmonitor = touch %s/pwned-%s\n' "$E2E_TMP" "$label" >"$src/x/$spelling/config"
  if [[ "$format" == zip ]]; then
    (cd "$src" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.write("x/ok.txt"); z.write(sys.argv[2])' "$DOCROOT/public/hostile/$file" "x/$spelling/config")
  else
    tar -C "$src" --owner=0 --group=0 -czf "$DOCROOT/public/hostile/$file" x
  fi
  proj "$label" < <(archive_manifest "$file")
  fetch "$label"
  e2e_expect_rc 3
  grep -q '\.git' "$ERR" || e2e_die "the error does not name the .git folder: $(e2e_tail "$ERR")"
  expect_nothing_vendored
  [[ ! -e "$E2E_TMP/pwned-$label" ]] || e2e_die "the fsmonitor command ran"
}

t_git_tgz() { git_archive git-tgz .git tar.gz; }
t_git_upper_zip() { git_archive git-upper-zip .GIT zip; }
t_git_trailing() { git_archive git-trailing-dot-space '.git. ' tar.gz; }
t_git_short() { git_archive git-ntfs-short GIT~1 tar.gz; }
t_git_stream() { git_archive git-ntfs-stream '.git::$INDEX_ALLOCATION' tar.gz; }

# --- archives with a link to their own folder ------------------------------------------------

t_self_link() {
  local src="$E2E_TMP/src-self"
  mkdir -p "$src/d"
  printf 'ok\n' >"$src/d/ok.txt"
  ln -s .. "$src/d/up"
  tar -C "$src" --owner=0 --group=0 -czf "$DOCROOT/public/hostile/self.tar.gz" d
  proj self-link < <(archive_manifest self.tar.gz)
  fetch self-link
  e2e_expect_rc 3
  grep -q "recursive" "$ERR" || e2e_die "the error does not say why: $(e2e_tail "$ERR")"
  expect_nothing_vendored
}

# --- checkouts with planted symlinks ---------------------------------------------------------

SHA_P="$(sha256_of "$DOCROOT/public/p.bin")"

# victim DIR: a folder outside every project, with files a run could replace or delete
victim() {
  mkdir -p "$1/old" "$1/bin" "$1/p"
  printf 'keep me\n' >"$1/old/data.txt"
  printf '#!/bin/sh\necho mine\n' >"$1/bin/mytool"
  printf 'mine\n' >"$1/p/p.bin"
}

# planted LABEL LINK OLDPATH: a project whose LINK (relative to it) points at a victim folder, and
# whose lock lists OLDPATH for a source that has left the manifest (a fetch prunes it)
planted() {
  local label="$1" link="$2" old="$3" v="$E2E_TMP/victim-$1"
  victim "$v"
  proj "$label" <<EOF
version: 1
sources:
  - { name: p, http: { url: "$ORIGIN/public/p.bin", sha256: $SHA_P } }
EOF
  cat >"$P/fetch.lock" <<EOF
version: 1
sources:
  old:
    kind: http
    fingerprint: $(printf 'f%.0s' {1..64})
    resolved: {}
    files:
      $old: $(printf '0%.0s' {1..64})
EOF
  mkdir -p "$(dirname "$P/$link")"
  ln -s "$v" "$P/$link"
  local before lock_before
  before="$(e2e_tree_digest "$v")"
  lock_before="$(sha256_of "$P/fetch.lock")"
  fetch "$label"
  e2e_expect_rc 3
  grep -q "symlink" "$ERR" || e2e_die "the error does not name the symlink: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$v")" == "$before" ]] || e2e_die "the victim folder changed"
  [[ -L "$P/$link" ]] || e2e_die "the planted link itself was removed"
  [[ "$(sha256_of "$P/fetch.lock")" == "$lock_before" ]] || e2e_die "fetch.lock changed"
}

t_vendor_files_link() { planted vendor-files-link vendor/files files/old/data.txt; }
t_vendor_git_home() { planted vendor-git-home vendor/git git/bin/mytool; }
t_vendor_link() { planted vendor-link vendor files/old/data.txt; }
t_airlock_link() { planted airlock-dir-link .airlock files/old/data.txt; }

t_lock_outside_paths() {
  local v="$E2E_TMP/victim-lock"
  victim "$v"
  proj lock-outside <<EOF
version: 1
sources:
  - { name: p, http: { url: "$ORIGIN/public/p.bin", sha256: $SHA_P } }
EOF
  cat >"$P/fetch.lock" <<EOF
version: 1
sources:
  old:
    kind: http
    fingerprint: $(printf 'f%.0s' {1..64})
    resolved: {}
    files:
      "../../victim-lock/old/data.txt": $(printf '0%.0s' {1..64})
EOF
  local before
  before="$(e2e_tree_digest "$v")"
  fetch lock-outside
  e2e_expect_rc 2
  grep -q "fetch.lock" "$ERR" || e2e_die "the error does not name the lock: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$v")" == "$before" ]] || e2e_die "the victim folder changed"
}

t_no_stack_traces() {
  local f
  for f in "$E2E_TMP"/out/*.err; do
    ! grep -qE '^\s+at [a-z]+\.|Exception in thread' "$f" || e2e_die "stack trace in ${f##*/}"
  done
}

e2e_case archive-dot-git-tar-gz t_git_tgz
e2e_case archive-dot-git-upper-zip t_git_upper_zip
e2e_case archive-dot-git-trailing-dot-space t_git_trailing
e2e_case archive-dot-git-ntfs-short-name t_git_short
e2e_case archive-dot-git-ntfs-stream t_git_stream
e2e_case archive-link-to-own-folder t_self_link
e2e_case planted-vendor-files-symlink t_vendor_files_link
e2e_case planted-vendor-git-symlink-to-home t_vendor_git_home
e2e_case planted-vendor-dir-symlink t_vendor_link
e2e_case planted-airlock-dir-symlink t_airlock_link
e2e_case lock-paths-outside-vendor t_lock_outside_paths
e2e_case no-stack-traces t_no_stack_traces
