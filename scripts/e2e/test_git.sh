#!/usr/bin/env bash
# airlock git sources against real servers: OpenSSH sshd (user git, shell git-shell) with an
# encrypted ed25519 key and known_hosts files, an ssh-agent, and git http-backend behind nginx with
# basic auth taking a token as password. Checks the vendored tree against `git archive`, the lock,
# pinning after the branch moves, `airlock update`, host-key failures that leave known_hosts
# byte-identical, passphrase handling, and a canary sweep of every output, tree, lock and cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/git_servers.sh"
e2e_init
stop_agent() { if [[ -s "$E2E_TMP/agent.pid" ]]; then kill "$(<"$E2E_TMP/agent.pid")" 2>/dev/null || true; fi; }
trap 'stop_agent; git_servers_stop; e2e_cleanup' EXIT

if ! why="$(git_servers_check_tools)"; then
  echo "FAIL git-setup: $why"
  exit 1
fi
e2e_make_secrets
e2e_make_certs
git_servers_init
git_ensure_user
git_make_fixture_repo r
git_start_sshd
KEY_PASS="CANARY-$(openssl rand -hex 12) pass/phrase"
export KEY_PASS
SSH_DIR="$E2E_TMP/home/.ssh"
mkdir -p "$SSH_DIR" && chmod 700 "$SSH_DIR"
ssh-keygen -q -t ed25519 -N "$KEY_PASS" -C airlock-e2e -f "$SSH_DIR/deploy_key"
ssh-keygen -q -t ed25519 -N '' -C airlock-e2e-agent -f "$E2E_TMP/agent_key"
git_authorize "$SSH_DIR/deploy_key.pub"
git_authorize "$E2E_TMP/agent_key.pub"
KNOWN="$E2E_TMP/known_hosts"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$SSH_HOST_PUB" >"$KNOWN"
HOST_FP="$(ssh-keygen -lf "$GIT_SRV_DIR/host_ed25519.pub" | awk '{print $2}')"
SSH_URL="ssh://git@127.0.0.1:$SSHD_PORT$GIT_SRV_DIR/repos/r.git"
git_start_http "$SERVER_CERT" "$SERVER_KEY" x-access-token "$CANARY_TOKEN"
HTTP_URL="https://127.0.0.1:$GIT_HTTP_PORT/git/r.git"
# The server repositories belong to the git user; this script's own git commands run as root.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*'

# proj NAME: a project dir with its own cache; stdin becomes its fetch.yaml.
proj() {
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

ssh_manifest() { # REF [KNOWN_HOSTS] [EXTRA_CRED]
  cat <<EOF
version: 1
credentials:
  deploy: { ssh: { key: ~/.ssh/deploy_key, passphraseEnv: KEY_PASS, knownHosts: "${2:-$KNOWN}"${3:-} } }
sources:
  - name: repo
    credentials: deploy
    git: { url: "$SSH_URL", ref: "$1" }
EOF
}

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" "$@"
}

# The tree of REV as git itself exports it, compared with vendor/git/repo (content, modes, links).
expect_tree_of() { # REV
  local want="$E2E_TMP/archive-$1-$RANDOM" got="$P/vendor/git/repo"
  mkdir -p "$want"
  git -C "$GIT_SRV_DIR/repos/r.git" archive "$1" | tar -x -C "$want"
  [[ -d "$got" ]] || e2e_die "no vendor/git/repo"
  [[ ! -e "$got/.git" ]] || e2e_die ".git in the vendored tree"
  diff -r --no-dereference "$want" "$got" >/dev/null || e2e_die "vendored tree differs from git archive $1"
  [[ -x "$got/bin/run" ]] || e2e_die "executable bit lost"
  [[ -L "$got/docs/link" ]] || e2e_die "symlink not kept"
}

sha_of_file() { sha256sum "$1" | cut -d' ' -f1; }

t_ssh_fetch() {
  proj ssh < <(ssh_manifest v1)
  fetch ssh-fetch
  e2e_expect_rc 0
  expect_tree_of "$C1"
  grep -q "commit: $C1" "$P/fetch.lock" || e2e_die "lock does not pin $C1"
  grep -q "url: $SSH_URL" "$P/fetch.lock" || e2e_die "lock lacks the URL"
  grep -q 'tree: sha256:' "$P/fetch.lock" || e2e_die "lock lacks the tree digest"
  e2e_airlock ssh-verify verify -f "$P/fetch.yaml"
  e2e_expect_rc 0
}

t_ssh_sha_non_tip() {
  proj ssh-sha < <(ssh_manifest "$C1")
  fetch ssh-sha -v
  e2e_expect_rc 0
  expect_tree_of "$C1"
  grep -q '(depth 1)' "$ERR" || e2e_die "not a shallow fetch"
}

t_ssh_pinned_then_update() {
  proj ssh-pin < <(ssh_manifest main)
  fetch pin-1
  e2e_expect_rc 0
  expect_tree_of "$C2"
  local lock_before
  lock_before="$(sha_of_file "$P/fetch.lock")"
  chown -R root "$GIT_SRV_DIR/repos" # a local push checks ownership and ignores safe.directory from env
  (cd "$FIXTURE_WORK" && printf 'third\n' >>README.md && git commit -qam three \
    && git push -q "$GIT_SRV_DIR/repos/r.git" HEAD:refs/heads/main)
  chown -R git "$GIT_SRV_DIR/repos"
  local c3
  c3="$(git -C "$FIXTURE_WORK" rev-parse HEAD)"
  rm -rf "$P/vendor" "$AIRLOCK_CACHE"
  fetch pin-2
  e2e_expect_rc 0
  expect_tree_of "$C2"
  [[ "$(sha_of_file "$P/fetch.lock")" == "$lock_before" ]] || e2e_die "the lock moved without update"
  e2e_airlock pin-update update -f "$P/fetch.yaml" repo
  e2e_expect_rc 0
  expect_tree_of "$c3"
  grep -q "commit: $c3" "$P/fetch.lock" || e2e_die "update did not move the lock"
  # put main back for the other cases
  chown -R root "$GIT_SRV_DIR/repos"
  (cd "$FIXTURE_WORK" && git reset -q --hard "$C2" && git push -qf "$GIT_SRV_DIR/repos/r.git" HEAD:refs/heads/main)
  chown -R git "$GIT_SRV_DIR/repos"
}

host_key_refused() { # LABEL KNOWN_HOSTS_FILE WHAT
  proj "$1" < <(ssh_manifest v1 "$2")
  local before
  before="$(sha_of_file "$2")"
  fetch "$1"
  e2e_expect_rc 3
  grep -q 'host key' "$ERR" || e2e_die "no 'host key' in: $(e2e_tail "$ERR")"
  grep -qF "$HOST_FP" "$ERR" || e2e_die "fingerprint $HOST_FP not shown"
  grep -q "$3" "$ERR" || e2e_die "no '$3' in: $(e2e_tail "$ERR")"
  [[ "$(sha_of_file "$2")" == "$before" ]] || e2e_die "known_hosts was changed"
  [[ ! -e "$P/vendor" && ! -e "$P/fetch.lock" ]] || e2e_die "something was written"
}

t_ssh_wrong_known_hosts() {
  local other="$E2E_TMP/other_host"
  ssh-keygen -q -t ed25519 -N '' -f "$other"
  printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$other.pub")" >"$E2E_TMP/known_hosts_wrong"
  host_key_refused ssh-wrong-known-hosts "$E2E_TMP/known_hosts_wrong" CHANGED
}

t_ssh_unknown_host() {
  printf '# empty\n' >"$E2E_TMP/known_hosts_empty"
  host_key_refused ssh-unknown-host "$E2E_TMP/known_hosts_empty" 'unknown host key'
}

# What OpenSSH itself says of a known_hosts file for this server: "ok" when the host key passes (the
# login then fails for want of a key: BatchMode, no identity), else its complaint.
openssh_verdict() { # KNOWN_HOSTS
  local out
  out="$(ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$1" \
    -o GlobalKnownHostsFile=/dev/null -o IdentityFile=/dev/null -o IdentitiesOnly=yes -o ConnectTimeout=5 \
    -p "$SSHD_PORT" git@127.0.0.1 true 2>&1)" || true
  if grep -q 'REVOKED' <<<"$out"; then echo revoked
  elif grep -q 'Host key verification failed' <<<"$out"; then echo refused
  else echo ok; fi
}

t_ssh_revoked_after_plain() {
  local f="$E2E_TMP/known_hosts_revoked"
  { cat "$KNOWN"; printf '@revoked [127.0.0.1]:%s %s\n' "$SSHD_PORT" "$SSH_HOST_PUB"; } >"$f"
  [[ "$(openssh_verdict "$f")" == revoked ]] || e2e_die "OpenSSH accepts $f: $(openssh_verdict "$f")"
  host_key_refused ssh-revoked-after-plain "$f" '@revoked'
}

t_ssh_revoked_wildcard() {
  local f="$E2E_TMP/known_hosts_revoked_star"
  { cat "$KNOWN"; printf '@revoked * %s\n' "$SSH_HOST_PUB"; } >"$f"
  [[ "$(openssh_verdict "$f")" == revoked ]] || e2e_die "OpenSSH accepts $f: $(openssh_verdict "$f")"
  host_key_refused ssh-revoked-wildcard "$f" '@revoked'
}

t_ssh_hashed_host() {
  local d="$E2E_TMP/hashed"
  mkdir -p "$d"
  cp "$KNOWN" "$d/known_hosts"
  ssh-keygen -q -H -f "$d/known_hosts" >/dev/null 2>&1
  grep -q '^|1|' "$d/known_hosts" || e2e_die "ssh-keygen -H did not hash"
  ! grep -q '127.0.0.1' "$d/known_hosts" || e2e_die "host name still in clear"
  [[ "$(openssh_verdict "$d/known_hosts")" == ok ]] || e2e_die "OpenSSH refuses the hashed file"
  proj ssh-hashed < <(ssh_manifest v1 "$d/known_hosts")
  fetch ssh-hashed
  e2e_expect_rc 0
  expect_tree_of "$C1"
}

t_ssh_user_config_ignored() {
  printf 'Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n' >"$SSH_DIR/config"
  printf '# empty\n' >"$E2E_TMP/known_hosts_empty2"
  host_key_refused ssh-user-config-ignored "$E2E_TMP/known_hosts_empty2" 'unknown host key'
  rm -f "$SSH_DIR/config"
}

t_ssh_no_passphrase() {
  proj ssh-nopass <<EOF
version: 1
credentials:
  deploy: { ssh: { key: ~/.ssh/deploy_key, knownHosts: "$KNOWN" } }
sources:
  - { name: repo, credentials: deploy, git: { url: "$SSH_URL", ref: v1 } }
EOF
  E2E_CMD_TIMEOUT=60 fetch ssh-nopass
  e2e_expect_rc 2
  grep -q 'encrypted' "$ERR" || e2e_die "no 'encrypted' in: $(e2e_tail "$ERR")"
}

t_ssh_wrong_passphrase() {
  proj ssh-wrongpass < <(ssh_manifest v1)
  KEY_PASS="WRONG-$KEY_PASS" fetch ssh-wrongpass
  e2e_expect_rc 3
  grep -q 'wrong passphrase' "$ERR" || e2e_die "no 'wrong passphrase' in: $(e2e_tail "$ERR")"
}

t_ssh_agent() {
  local sock="$E2E_TMP/agent.sock" agent_pid
  eval "$(ssh-agent -a "$sock" -s)" >/dev/null
  agent_pid="$SSH_AGENT_PID"
  echo "$agent_pid" >"$E2E_TMP/agent.pid" # stopped on exit even if this case fails early
  ssh-add -q "$E2E_TMP/agent_key" 2>/dev/null
  proj ssh-agent <<EOF
version: 1
credentials:
  agent: { ssh: { agent: true, knownHosts: "$KNOWN" } }
sources:
  - { name: repo, credentials: agent, git: { url: "$SSH_URL", ref: v1 } }
EOF
  SSH_AUTH_SOCK="$sock" fetch ssh-agent
  kill "$agent_pid" 2>/dev/null || true
  e2e_expect_rc 0
  expect_tree_of "$C1"
}

http_manifest() { # URL REF [CA]
  cat <<EOF
version: 1
tls: { caCerts: ["${3:-$CA_PEM}"] }
credentials:
  gh: { basic: { username: x-access-token, passwordEnv: E2E_TOKEN } }
sources:
  - name: repo
    credentials: gh
    git: { url: "$1", ref: "$2" }
EOF
}

t_https_fetch() {
  proj https < <(http_manifest "$HTTP_URL" v1)
  fetch https-fetch
  e2e_expect_rc 0
  expect_tree_of "$C1"
  grep -q "commit: $C1" "$P/fetch.lock" || e2e_die "lock does not pin $C1"
}

t_https_sha_non_tip() {
  proj https-sha < <(http_manifest "$HTTP_URL" "$C1")
  fetch https-sha -v
  e2e_expect_rc 0
  expect_tree_of "$C1"
}

t_https_wrong_token() {
  proj https-wrong < <(http_manifest "$HTTP_URL" v1)
  E2E_TOKEN="WRONG-$CANARY_TOKEN" fetch https-wrong
  e2e_expect_rc 3
  grep -qi 'authentication' "$ERR" || e2e_die "no authentication error: $(e2e_tail "$ERR")"
}

t_https_untrusted_ca() {
  proj https-ca < <(http_manifest "$HTTP_URL" v1 "$OTHER_CA_PEM")
  fetch https-ca
  e2e_expect_rc 3
  grep -q 'TLS' "$ERR" || e2e_die "no TLS error: $(e2e_tail "$ERR")"
}

t_refuse_url_credentials() {
  proj url-creds < <(http_manifest "https://x-access-token:$(e2e_urlencode "$CANARY_TOKEN")@127.0.0.1:$GIT_HTTP_PORT/git/r.git" v1)
  fetch url-creds
  e2e_expect_rc 2
  grep -q 'credentials in URLs are not allowed' "$ERR" || e2e_die "not refused: $(e2e_tail "$ERR")"
  rm -f "$P/fetch.yaml" # it holds the token on purpose; the sweep checks everything else
}

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" "$E2E_TMP/home" \
    "$GIT_SRV_DIR/nginx/logs/error.log")"; then
    e2e_die "credential found: $hits"
  fi
  if grep -rlaF -- "$KEY_PASS" "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" >/dev/null 2>&1; then
    e2e_die "the key passphrase leaked"
  fi
  if grep -rla -- 'PRIVATE KEY' "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" >/dev/null 2>&1; then
    e2e_die "private key material in outputs, projects or cache"
  fi
}

t_no_stack_traces() {
  local f bad=""
  for f in "$E2E_TMP"/out/*.err; do
    if grep -Eq '^(Exception in thread|[[:space:]]+at [a-zA-Z0-9_.$]+\()' "$f"; then
      bad+="$(basename "$f" .err) "
    fi
  done
  [[ -z "$bad" ]] || e2e_die "stack trace in stderr of: $bad"
}

e2e_case git-ssh-fetch-encrypted-key t_ssh_fetch
e2e_case git-ssh-pinned-sha-non-tip t_ssh_sha_non_tip
e2e_case git-ssh-lock-pins-then-update t_ssh_pinned_then_update
e2e_case git-ssh-wrong-known-hosts t_ssh_wrong_known_hosts
e2e_case git-ssh-unknown-host t_ssh_unknown_host
e2e_case git-ssh-user-config-ignored t_ssh_user_config_ignored
e2e_case git-ssh-revoked-after-plain t_ssh_revoked_after_plain
e2e_case git-ssh-revoked-wildcard t_ssh_revoked_wildcard
e2e_case git-ssh-hashed-host t_ssh_hashed_host
e2e_case git-ssh-encrypted-key-no-passphrase t_ssh_no_passphrase
e2e_case git-ssh-wrong-passphrase t_ssh_wrong_passphrase
e2e_case git-ssh-agent-opt-in t_ssh_agent
e2e_case git-https-token-basic t_https_fetch
e2e_case git-https-pinned-sha-non-tip t_https_sha_non_tip
e2e_case git-https-wrong-token t_https_wrong_token
e2e_case git-https-untrusted-ca t_https_untrusted_ca
e2e_case git-refuse-url-credentials t_refuse_url_credentials
e2e_case git-canary-sweep t_canary_sweep
e2e_case git-no-stack-traces t_no_stack_traces
