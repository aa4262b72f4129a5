#!/usr/bin/env bash
# Wall time of a pinned `airlock fetch` of a git repository with ~5,000 files against
# `git clone --depth 1` of the same repository, over the same loopback servers, in one run:
# OpenSSH sshd (user git, git-shell) and git http-backend behind nginx (TLS, basic auth).
#
#   scripts/bench/git.sh            3 repetitions each (BENCH_REPS=N to change, BENCH_FILES=N files;
#                                   BENCH_WRAP="strace -f -c -o F" or AIRLOCK_OPTS=... to profile airlock)
#
# Each airlock repetition starts from the same fetch.lock with an empty vendor dir and an empty
# cache, so it resolves nothing and fetches exactly the locked commit over the network; each git
# repetition clones into a new folder. The two alternate, round by round. Needs root (sshd, a git user) and openssh-server, fcgiwrap,
# git, nginx-light. Prints every time, the medians and the ratio airlock / git.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/e2e/lib.sh"
. "$root/scripts/e2e/git_servers.sh"
REPS="${BENCH_REPS:-3}"
FILES="${BENCH_FILES:-5000}"

# A temp dir of its own (not /tmp/airlock-e2e.*, which e2e runs of other checkouts may clean up).
export TMPDIR="${BENCH_TMPDIR:-/var/tmp}"
e2e_init
trap 'git_servers_stop; e2e_cleanup' EXIT
if ! why="$(git_servers_check_tools)"; then
  echo "bench: $why" >&2
  exit 2
fi
e2e_ensure_jar
"$root/scripts/airlock" --version >/dev/null # writes the class-data archive outside the timings
e2e_make_secrets
e2e_make_certs
git_servers_init
git_ensure_user

# --- a repository with $FILES files in 50 folders ---------------------------------------------------
work="$GIT_SRV_DIR/work-big"
git init -q --bare "$GIT_SRV_DIR/repos/big.git"
git init -q "$work"
(
  cd "$work"
  per=$(((FILES + 49) / 50))
  for d in $(seq -w 1 50); do
    mkdir -p "src/m$d"
    for f in $(seq -w 1 "$per"); do
      printf 'module %s file %s\n%s\n' "$d" "$f" "$(head -c 900 /dev/urandom | base64 -w 76)" >"src/m$d/f$f.txt"
    done
  done
  git add -A
  git -c user.name=bench -c user.email=bench@airlock.invalid commit -qm big
  git tag v1
  git push -q "$GIT_SRV_DIR/repos/big.git" HEAD:refs/heads/main v1
)
chown -R git "$GIT_SRV_DIR/repos"
count="$(git -C "$work" ls-files | wc -l)"
size="$(du -sh --exclude=.git "$work" | cut -f1)"

git_start_sshd
KEY="$E2E_TMP/home/.ssh/bench_key"
mkdir -p "$(dirname "$KEY")" && chmod 700 "$(dirname "$KEY")"
ssh-keygen -q -t ed25519 -N '' -f "$KEY"
git_authorize "$KEY.pub"
KNOWN="$E2E_TMP/known_hosts"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$SSH_HOST_PUB" >"$KNOWN"
SSH_URL="ssh://git@127.0.0.1:$SSHD_PORT$GIT_SRV_DIR/repos/big.git"
git_start_http "$SERVER_CERT" "$SERVER_KEY" x-access-token "$CANARY_TOKEN"
HTTP_URL="https://127.0.0.1:$GIT_HTTP_PORT/git/big.git"

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t / 1000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
# shellcheck disable=SC2086
airlock() { ${BENCH_WRAP:-} "$root/scripts/airlock" "$@"; } # honours AIRLOCK_OPTS; class-data archive

# airlock_once NAME: one locked fetch of project NAME from an empty vendor dir and cache; prints ms.
airlock_once() {
  local p="$E2E_TMP/proj/$1" t0
  rm -rf "$p/vendor" "$E2E_TMP/cache/$1"
  t0=$(now_ms)
  # shellcheck disable=SC2086
  (cd "$p" && AIRLOCK_CACHE="$E2E_TMP/cache/$1" ${BENCH_WRAP:-} /usr/bin/time -a -o "$E2E_TMP/usage-$1" -f '%U %S %M' \
    "$root/scripts/airlock" fetch -q >/dev/null)
  echo $(($(now_ms) - t0))
  [[ "$(find "$p/vendor" -type f | wc -l)" == "$count" ]] || { echo "bench: wrong file count in vendor" >&2; exit 1; }
}

# git_once URL [git options...]: one git clone --depth 1 of v1 into a new folder; prints ms.
git_once() {
  local url="$1" t0 dir
  shift
  dir="$E2E_TMP/clone-$RANDOM$RANDOM"
  t0=$(now_ms)
  /usr/bin/time -a -o "$E2E_TMP/usage-git-$BENCH_CASE" -f '%U %S %M' \
    git "$@" clone -q --depth 1 --branch v1 "$url" "$dir" 2>"$E2E_TMP/clone.err" \
    || { echo "bench: git clone failed: $(tail -3 "$E2E_TMP/clone.err")" >&2; exit 1; }
  echo $(($(now_ms) - t0))
  # a failed or partial clone is no baseline
  [[ "$(git -C "$dir" ls-files | wc -l)" == "$count" ]] || { echo "bench: git clone is incomplete" >&2; exit 1; }
  rm -rf "$dir"
}

# bench NAME URL [git options...]: REPS rounds of airlock then git, alternating (the file system
# slows down as thousands of files are created and deleted: neither side gets all the late rounds).
# Sets A (airlock times) and G (git times), one per line.
bench() {
  local name="$1" url="$2" i
  shift 2
  (cd "$E2E_TMP/proj/$name" && AIRLOCK_CACHE="$E2E_TMP/cache/$name-lock" airlock fetch -q >/dev/null) # writes the lock
  A="" G=""
  for ((i = 0; i < REPS; i++)); do
    A+="$(airlock_once "$name")"$'\n' || exit 1
    G+="$(git_once "$url" "$@")"$'\n' || exit 1
  done
  A="${A%$'\n'}" G="${G%$'\n'}"
}

mkdir -p "$E2E_TMP/proj/ssh" "$E2E_TMP/proj/https"
cat >"$E2E_TMP/proj/ssh/fetch.yaml" <<EOF
version: 1
credentials:
  k: { ssh: { key: "$KEY", knownHosts: "$KNOWN" } }
sources:
  - { name: big, credentials: k, git: { url: "$SSH_URL", ref: v1 } }
EOF
cat >"$E2E_TMP/proj/https/fetch.yaml" <<EOF
version: 1
tls: { caCerts: ["$CA_PEM"] }
credentials:
  gh: { basic: { username: x-access-token, passwordEnv: E2E_TOKEN } }
sources:
  - { name: big, credentials: gh, git: { url: "$HTTP_URL", ref: v1 } }
EOF

export GIT_TERMINAL_PROMPT=0
export GIT_SSH_COMMAND="ssh -i $KEY -o IdentitiesOnly=yes -o UserKnownHostsFile=$KNOWN -o BatchMode=yes"
askpass="$E2E_TMP/askpass"
printf '#!/bin/sh\ncase "$1" in Username*) echo x-access-token ;; *) echo "$E2E_TOKEN" ;; esac\n' >"$askpass"
chmod 700 "$askpass"

echo "repository: $count files, $size, one commit; $REPS repetitions each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
report() { # LABEL AIRLOCK_TIMES GIT_TIMES
  local a g
  a="$(median <<<"$2")"
  g="$(median <<<"$3")"
  printf '%-6s airlock fetch (locked):  %s ms   median %s ms\n' "$1" "$(tr '\n' ' ' <<<"$2")" "$a"
  printf '%-6s git clone --depth 1:     %s ms   median %s ms\n' "$1" "$(tr '\n' ' ' <<<"$3")" "$g"
  awk -v a="$a" -v g="$g" -v l="$1" 'BEGIN {printf "%-6s ratio airlock / git: %.2f\n", l, a / g}'
  # CPU time (user + sys) and peak RSS of each airlock run: steadier than wall time on a busy machine
  # (medians of centiseconds: the median helper works on integers)
  printf '%-6s airlock CPU user+sys s (median): %s   peak RSS MiB (median): %s\n' "$1" \
    "$(awk '{ printf "%d\n", ($1 + $2) * 100 }' "$E2E_TMP/usage-$1" | median | awk '{ printf "%.2f", $1 / 100 }')" \
    "$(awk '{ printf "%d\n", $3 / 1024 }' "$E2E_TMP/usage-$1" | median)"
  printf '%-6s git CPU user+sys s (median):     %s   peak RSS MiB (median): %s\n' "$1" \
    "$(awk '{ printf "%d\n", ($1 + $2) * 100 }' "$E2E_TMP/usage-git-$1" | median | awk '{ printf "%.2f", $1 / 100 }')" \
    "$(awk '{ printf "%d\n", $3 / 1024 }' "$E2E_TMP/usage-git-$1" | median)"
}
BENCH_CASE=ssh bench ssh "$SSH_URL"
report ssh "$A" "$G"
BENCH_CASE=https GIT_ASKPASS="$askpass" GIT_SSL_CAINFO="$CA_PEM" bench https "$HTTP_URL"
report https "$A" "$G"
