#!/usr/bin/env bash
# Hostile input against the real CLI and real servers (issue 20, items 1, 2, 9 and 13):
#   - a URL with %0d in its path never reaches a credential helper (the helper logs what it gets);
#   - a plain-http loopback fetch with a bearer token never goes through $http_proxy (a logging
#     proxy on loopback records every request head it receives);
#   - a token file that is a FIFO, /dev/zero or readable by others is refused at once (exit 2).
# Everything is swept for the run's canaries afterwards.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_setup_server

SHA_P="$(sha256_of "$DOCROOT/public/p.bin")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"

# --- a logging proxy on loopback: records each request head, answers 502 -------------------

PROXY_LOG="$E2E_TMP/proxy.log"
PROXY_PORT_FILE="$E2E_TMP/proxy.port"
: >"$PROXY_LOG"
python3 - "$PROXY_LOG" "$PROXY_PORT_FILE" <<'PY' &
import socketserver, sys
log_path, port_path = sys.argv[1], sys.argv[2]
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        head = []
        while True:
            line = self.rfile.readline(65536)
            if not line or line in (b"\r\n", b"\n"):
                break
            head.append(line.decode("latin-1").rstrip("\r\n"))
        if head:
            with open(log_path, "a") as f:
                f.write("\n".join(head) + "\n\n")
        self.wfile.write(b"HTTP/1.1 502 Logging proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
with Server(("127.0.0.1", 0), Handler) as s:
    with open(port_path + ".tmp", "w") as f:
        f.write(str(s.server_address[1]))
    import os
    os.rename(port_path + ".tmp", port_path)
    s.serve_forever()
PY
PROXY_PID=$!
stop_proxy() { kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; }
trap 'rc=$?; stop_proxy; (exit $rc); e2e_cleanup' EXIT
for _ in $(seq 100); do [[ -s "$PROXY_PORT_FILE" ]] && break; sleep 0.1; done
PROXY_PORT="$(cat "$PROXY_PORT_FILE")"
e2e_log "logging proxy pid $PROXY_PID on 127.0.0.1:$PROXY_PORT"

# --- a credential helper that logs its arguments and stdin, then answers --------------------

HELPER_LOG="$E2E_TMP/helper.log"
HELPER="$E2E_TMP/bin/e2e-credential-helper" # found on PATH: a temp dir's random name looks like a secret
mkdir -p "$(dirname "$HELPER")"
export PATH="$E2E_TMP/bin:$PATH"
cat >"$HELPER" <<EOF
#!/bin/bash
echo "args: \$*" >>"$HELPER_LOG"
cat >>"$HELPER_LOG"
printf 'username=%s\npassword=%s\n' '$CANARY_USER' '$CANARY_PW'
EOF
chmod 700 "$HELPER"

proj() { # NAME: sets P and a cache of its own, writes stdin to P/fetch.yaml
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --ca-cert "$CA_PEM" --no-progress "$@"
}

# refused_before_helper LABEL: exit 2, the problem named, the helper never ran, nginx saw nothing
refused_before_helper() {
  local before
  before="$(e2e_log_size "$ORIGIN_LOG")"
  rm -f "$HELPER_LOG"
  fetch "$1"
  e2e_expect_rc 2
  grep -q 'percent-encoded control character' "$ERR" || e2e_die "problem not named: $(e2e_tail "$ERR")"
  grep -q 'fetch.yaml:[0-9]*:[0-9]*' "$ERR" || e2e_die "no file:line:col: $(e2e_tail "$ERR")"
  [[ "$(grep -Ec 'fetch.yaml:[0-9]+:[0-9]+:' "$ERR")" == "$(grep -c 'percent-encoded control character' "$ERR")" ]] \
    || e2e_die "another problem: $(e2e_tail "$ERR")"
  ! grep -q 'evil.example' "$ERR" || e2e_die "the URL's injected text is echoed"
  [[ ! -e "$HELPER_LOG" ]] || e2e_die "the helper ran: $(e2e_tail "$HELPER_LOG")"
  [[ "$(e2e_log_size "$ORIGIN_LOG")" == "$before" ]] || e2e_die "a request reached nginx"
  [[ ! -e "$P/vendor" ]] || e2e_die "vendor dir created"
}

# --- item 1: control characters never reach a credential helper -----------------------------

t_helper_sanity() {
  # the same helper, a clean URL: it is asked for protocol/host/path, and its answer is used
  rm -f "$HELPER_LOG"
  proj helper-ok <<EOF
version: 1
credentials:
  vault: { helper: { command: [e2e-credential-helper], timeoutSeconds: 10 } }
sources:
  - { name: a, credentials: vault, http: { url: "$ORIGIN/basic/a.bin" } }
EOF
  fetch helper-ok
  e2e_expect_rc 0
  grep -qx "host=127.0.0.1:$PORT1" "$HELPER_LOG" || e2e_die "helper not asked for the origin: $(e2e_tail "$HELPER_LOG")"
  grep -qx "path=basic/a.bin" "$HELPER_LOG" || e2e_die "helper not given the path"
}

t_helper_cr_in_http_url() {
  proj helper-cr-http <<EOF
version: 1
credentials:
  vault: { helper: { command: [e2e-credential-helper], timeoutSeconds: 10 } }
sources:
  - { name: a, credentials: vault, http: { url: "$ORIGIN/basic/x%0dhost=evil.example%0dx=/a.bin" } }
EOF
  refused_before_helper helper-cr-http
}

t_helper_controls_in_git_and_package_urls() {
  local c
  for c in %0d %0A %00 %1b %7f; do
    proj "helper-ctl-$c" <<EOF
version: 1
credentials:
  vault: { helper: { command: [e2e-credential-helper], timeoutSeconds: 10 } }
sources:
  - { name: g, credentials: vault, git: { url: "$ORIGIN/r${c}host=evil.example/x.git", ref: v1 } }
  - { name: p, credentials: vault, pypi: { index: "$ORIGIN/simple${c}host=evil.example/", requirement: lib==1.0 } }
  - { name: n, credentials: vault, npm: { registry: "$ORIGIN/npm${c}host=evil.example/", package: "left-pad@1.3.0" } }
  - { name: m, credentials: vault, maven: { repository: "$ORIGIN/m2${c}x/", artifact: "com.corp:lib:1.0" } }
EOF
    refused_before_helper "helper-ctl-$c"
    [[ "$(grep -c 'percent-encoded control character' "$ERR")" -ge 4 ]] \
      || e2e_die "$c: not every URL refused: $(e2e_tail "$ERR")"
  done
}

# --- item 2: loopback is never proxied; no credential on plain http through a proxy ----------

t_plain_http_loopback_bypasses_proxy() {
  local before
  proj proxy-bypass <<EOF
version: 1
credentials:
  tok: { token: { env: E2E_TOKEN } }
sources:
  - { name: p, credentials: tok, http: { url: "http://127.0.0.2:$PORT3/public/p.bin", sha256: $SHA_P } }
EOF
  : >"$PROXY_LOG"
  before="$(e2e_log_size "$FOREIGN_LOG")"
  http_proxy="http://127.0.0.1:$PROXY_PORT" HTTP_PROXY="http://127.0.0.1:$PROXY_PORT" \
    https_proxy="http://127.0.0.1:$PROXY_PORT" ALL_PROXY="http://127.0.0.1:$PROXY_PORT" fetch proxy-bypass
  e2e_expect_rc 0
  [[ ! -s "$PROXY_LOG" ]] || e2e_die "the proxy received: $(e2e_tail "$PROXY_LOG" | cut -c1-60)"
  [[ "$(sha256_of "$P/vendor/files/p/p.bin")" == "$SHA_P" ]] || e2e_die "wrong file"
  e2e_log_since "$FOREIGN_LOG" "$before" | grep -qF "auth=\"Bearer $CANARY_TOKEN\"" \
    || e2e_die "the loopback origin did not get the token directly"
}

t_https_loopback_bypasses_proxy() {
  proj proxy-bypass-https <<EOF
version: 1
credentials:
  tok: { token: { env: E2E_TOKEN } }
sources:
  - { name: b, credentials: tok, http: { url: "$ORIGIN/bearer/b.bin", sha256: $SHA_B } }
EOF
  : >"$PROXY_LOG"
  https_proxy="http://127.0.0.1:$PROXY_PORT" http_proxy="http://127.0.0.1:$PROXY_PORT" fetch proxy-bypass-https
  e2e_expect_rc 0
  [[ ! -s "$PROXY_LOG" ]] || e2e_die "the proxy received: $(e2e_tail "$PROXY_LOG" | cut -c1-60)"
}

# --- items 9 and 13: token files that are not small private regular files --------------------

token_manifest() { # NAME FILE
  proj "$1" <<EOF
version: 1
credentials:
  tok: { token: { file: "$2" } }
sources:
  - { name: b, credentials: tok, http: { url: "$ORIGIN/bearer/b.bin" } }
EOF
}

t_token_file_fifo_and_dev_zero() {
  local fifo="$E2E_TMP/home/token.fifo" f
  mkfifo "$fifo"
  for f in "$fifo" /dev/zero "$E2E_TMP/home"; do
    token_manifest token-special "$f"
    E2E_CMD_TIMEOUT=30 fetch token-special
    e2e_expect_rc 2
    grep -qF "$f: not a regular file" "$ERR" || e2e_die "$f: $(e2e_tail "$ERR")"
  done
}

t_token_file_readable_by_others() {
  local f="$E2E_TMP/home/token"
  printf '%s\n' "$CANARY_TOKEN" >"$f"
  chmod 644 "$f"
  token_manifest token-mode "$f"
  fetch token-mode
  e2e_expect_rc 2
  grep -qF "chmod 600 $f" "$ERR" || e2e_die "no advice: $(e2e_tail "$ERR")"
  chmod 600 "$f"
  fetch token-mode-fixed
  e2e_expect_rc 0
}

# --- sweep ----------------------------------------------------------------------------------

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$PROXY_LOG" "$E2E_TMP/proj" "$E2E_TMP/cache")"; then
    e2e_die "canary found: $hits"
  fi
}

t_no_stack_traces() {
  local f bad=""
  for f in "$E2E_TMP"/out/*.err; do
    if grep -Eq 'Exception|Error:|(^|[[:space:]])at [a-zA-Z_][a-zA-Z0-9_.$]*\(' "$f"; then
      bad+="$(basename "$f" .err) "
    fi
  done
  [[ -z "$bad" ]] || e2e_die "stack trace or exception in stderr of: $bad"
}

e2e_case helper-sanity t_helper_sanity
e2e_case helper-cr-in-http-url-refused t_helper_cr_in_http_url
e2e_case helper-controls-in-git-and-package-urls-refused t_helper_controls_in_git_and_package_urls
e2e_case plain-http-loopback-bypasses-proxy t_plain_http_loopback_bypasses_proxy
e2e_case https-loopback-bypasses-proxy t_https_loopback_bypasses_proxy
e2e_case token-file-fifo-dev-zero-folder-refused t_token_file_fifo_and_dev_zero
e2e_case token-file-readable-by-others-refused t_token_file_readable_by_others
e2e_case canary-sweep t_canary_sweep
e2e_case no-stack-traces t_no_stack_traces
