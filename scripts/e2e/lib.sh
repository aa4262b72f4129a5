# shellcheck shell=bash
# Helpers for the end-to-end tests: a private CA, a real nginx (Debian's nginx-light) serving
# authenticated locations over TLS + HTTP/2 on 127.0.0.1 and 127.0.0.2, per-run canary secrets,
# test-case bookkeeping and a credential sweep.
#
# Source it from a scripts/e2e/test_*.sh, then call e2e_init. Everything lives in one temp dir
# (E2E_TMP), removed on exit unless E2E_KEEP=1. Traffic goes only to 127.0.0.1 and 127.0.0.2.
#
# Output contract (read by scripts/e2e/run): one line per case, `ok NAME` or `FAIL NAME: why`,
# on stdout. Diagnostics go to stderr, prefixed with `# `.

E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_TMP=""
NGINX_PID=""

e2e_log() { printf '# %s\n' "$*" >&2; }

e2e_init() {
  E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/airlock-e2e.XXXXXX")"
  chmod 700 "$E2E_TMP"
  trap e2e_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/home" "$E2E_TMP/cache"
  # Hermetic environment for the CLI: no real home, cache or netrc of whoever runs this.
  export HOME="$E2E_TMP/home"
  export XDG_CACHE_HOME="$E2E_TMP/home/.cache"
  export AIRLOCK_CACHE="$E2E_TMP/cache/default"
  unset NETRC AIRLOCK_OPTS_EXTRA || true
  E2E_CASE_COUNT=0
}

e2e_cleanup() {
  local rc=$?
  e2e_stop_nginx
  if [[ -n "$E2E_TMP" && -d "$E2E_TMP" ]]; then
    if [[ "${E2E_KEEP:-0}" == 1 ]]; then
      e2e_log "kept $E2E_TMP"
    else
      rm -rf -- "$E2E_TMP"
    fi
  fi
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Secrets: unique per run. They contain characters that change under URL encoding (+ / @ : =)
# so the sweep can tell raw, base64 and percent-encoded leaks apart.

e2e_make_secrets() {
  CANARY_USER="u"
  CANARY_PW="CANARY-$(openssl rand -hex 12)+p/w@x:y"
  CANARY_TOKEN="CANARY-$(openssl rand -hex 12).t+k/n="
  CANARY_TOKEN2="CANARY-$(openssl rand -hex 12)_h+d/r"
  CANARY_COOKIE="CANARY-$(openssl rand -hex 12)"
  export E2E_TOKEN="$CANARY_TOKEN" E2E_TOKEN2="$CANARY_TOKEN2"
}

# ---------------------------------------------------------------------------------------------
# (a) Private CA and a server certificate for localhost, 127.0.0.1 and 127.0.0.2.
# Sets CA_PEM, SERVER_CERT, SERVER_KEY.

e2e_make_certs() {
  local d="$E2E_TMP/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 -subj "/CN=airlock e2e CA $$" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>"$d/openssl.log"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=localhost" 2>>"$d/openssl.log"
  cat >"$d/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash
EOF
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 2 -extfile "$d/server.ext" \
    -out "$d/server.pem" 2>>"$d/openssl.log"
  CA_PEM="$d/ca.pem"
  SERVER_CERT="$d/server.pem"
  SERVER_KEY="$d/server.key"
  # A second, unrelated CA: trusting it must not make the server trusted.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$d/other-ca.key" -out "$d/other-ca.pem" -days 2 -subj "/CN=unrelated CA $$" \
    -addext "basicConstraints=critical,CA:TRUE" 2>>"$d/openssl.log"
  OTHER_CA_PEM="$d/other-ca.pem"
}

# ---------------------------------------------------------------------------------------------
# Fixtures. Sets DOCROOT and FIX_* paths; the file a URL serves is $DOCROOT/<path>.

e2e_make_docroot() {
  DOCROOT="$E2E_TMP/docroot"
  mkdir -p "$DOCROOT"/{basic,bearer,header,public,slow}
  head -c 65536 /dev/urandom >"$DOCROOT/basic/a.bin"
  head -c 40000 /dev/urandom >"$DOCROOT/bearer/b.bin"
  head -c 30000 /dev/urandom >"$DOCROOT/header/c.bin"
  head -c 20000 /dev/urandom >"$DOCROOT/public/p.bin"
  head -c 10000 /dev/urandom >"$DOCROOT/basic/m.bin"
  # Served at 256 KiB/s (about 6 s): long enough to kill a fetch in the middle of it.
  head -c 1572864 /dev/urandom >"$DOCROOT/slow/big.bin"
  # Archive fixtures for `extract: true`.
  local src="$E2E_TMP/fixture-tree"
  mkdir -p "$src/dir/sub"
  printf 'top level file\n' >"$src/top.txt"
  printf 'hello from the archive\n' >"$src/dir/hello.txt"
  head -c 5000 /dev/urandom >"$src/dir/sub/data.bin"
  tar -C "$src" --owner=0 --group=0 -czf "$DOCROOT/basic/tree.tar.gz" top.txt dir
  (cd "$src" && jar --create --no-manifest --file "$DOCROOT/basic/tree.zip" top.txt dir)
  FIXTURE_TREE="$src"
  # htpasswd for /basic/ (apr1, as Apache's htpasswd -m makes).
  printf '%s:%s\n' "$CANARY_USER" "$(openssl passwd -apr1 "$CANARY_PW")" >"$E2E_TMP/htpasswd"
  # netrc for the CLI, and one with a wrong password.
  NETRC_FILE="$E2E_TMP/netrc"
  printf 'machine 127.0.0.1 login %s password %s\n' "$CANARY_USER" "$CANARY_PW" >"$NETRC_FILE"
  chmod 600 "$NETRC_FILE"
  NETRC_WRONG="$E2E_TMP/netrc-wrong"
  printf 'machine 127.0.0.1 login %s password %s\n' "$CANARY_USER" "WRONG-$(openssl rand -hex 6)" >"$NETRC_WRONG"
  chmod 600 "$NETRC_WRONG"
}

# ---------------------------------------------------------------------------------------------
# (b) nginx. Ports:
#   PORT1  https 127.0.0.1  origin: /basic /bearer /header /redirect /login /public /slow
#   PORT2  https 127.0.0.2  foreign: /public, /challenge (401 Basic+Bearer); logs credentials
#   PORT3  http  127.0.0.2  foreign, plain HTTP (downgrade target); logs credentials
#   PORT4  https 127.0.0.1  foreign by port (same host, other origin); logs credentials
# /redirect/CRED/TARGET/REST, CRED in basic|bearer|header|open, TARGET in h2|http|port:
#   after CRED's check, 302 to {https://127.0.0.2:PORT2 | http://127.0.0.2:PORT3 |
#   https://127.0.0.1:PORT4}/REST, with a Set-Cookie carrying CANARY_COOKIE.

e2e_port_in_use() { # HOST PORT
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

e2e_pick_port() { # prints a port free on 127.0.0.1 and 127.0.0.2, not in "$@"
  local p tries=0 taken
  while ((tries++ < 200)); do
    p=$((20000 + RANDOM % 12000))
    taken=0
    for x in "$@"; do [[ "$x" == "$p" ]] && taken=1; done
    ((taken)) && continue
    e2e_port_in_use 127.0.0.1 "$p" && continue
    e2e_port_in_use 127.0.0.2 "$p" && continue
    echo "$p"
    return 0
  done
  return 1
}

e2e_write_nginx_conf() {
  local d="$NGINX_DIR" user_line=""
  [[ "$(id -u)" == 0 ]] && user_line="user root;"
  local redirects_tail='
      rewrite ^/redirect/[a-z]+/h2/(.*)$ https://127.0.0.2:'"$PORT2"'/$1 redirect;
      rewrite ^/redirect/[a-z]+/http/(.*)$ http://127.0.0.2:'"$PORT3"'/$1 redirect;
      rewrite ^/redirect/[a-z]+/port/(.*)$ https://127.0.0.1:'"$PORT4"'/$1 redirect;
      return 404;'
  local cookie='add_header Set-Cookie "sid='"$CANARY_COOKIE"'; Path=/; Secure; HttpOnly" always;'
  local bearer_check='if ($http_authorization != "Bearer '"$CANARY_TOKEN"'") {
        add_header WWW-Authenticate '"'"'Bearer realm="e2e"'"'"' always;
        return 401;
      }'
  local header_check='if ($http_private_token != "'"$CANARY_TOKEN2"'") { return 401; }'
  local foreign_body='
    root '"$DOCROOT"';
    access_log '"$d"'/logs/foreign.log creds;
    location /public/ { }
    location /challenge/ {
      add_header WWW-Authenticate '"'"'Basic realm="foreign"'"'"' always;
      add_header WWW-Authenticate '"'"'Bearer realm="foreign"'"'"' always;
      return 401;
    }
    location / { return 404; }'
  cat >"$d/nginx.conf" <<EOF
# generated by scripts/e2e/lib.sh; no system config is read
$user_line
daemon off;
master_process on;
worker_processes 1;
pid $d/nginx.pid;
lock_file $d/nginx.lock;
error_log $d/logs/error.log info;
events { worker_connections 128; }
http {
  types {
    text/html html;
    text/plain txt;
    application/octet-stream bin;
    application/gzip gz;
    application/zip zip;
  }
  default_type application/octet-stream;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  sendfile on;
  server_tokens off;
  log_format creds 'srv=\$server_addr:\$server_port req="\$request" status=\$status proto=\$server_protocol '
                   'auth="\$http_authorization" ptok="\$http_private_token" cookie="\$http_cookie" '
                   'pauth="\$http_proxy_authorization" ua="\$http_user_agent"';
  access_log $d/logs/origin.log creds;
  ssl_certificate $SERVER_CERT;
  ssl_certificate_key $SERVER_KEY;
  ssl_protocols TLSv1.2 TLSv1.3;

  server {
    listen 127.0.0.1:$PORT1 ssl http2;
    server_name localhost 127.0.0.1;
    root $DOCROOT;

    location /basic/ {
      auth_basic "e2e";
      auth_basic_user_file $E2E_TMP/htpasswd;
    }
    location /bearer/ {
      $bearer_check
    }
    location /header/ {
      $header_check
    }
    location /public/ { }
    location /slow/ { limit_rate 256k; }
    location /login/ {
      types { }
      default_type text/html;
      return 200 '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><input name="user"><input type="password" name="password"></form></body></html>\n';
    }
    location /redirect/open/ {
      $cookie
      $redirects_tail
    }
    location /redirect/bearer/ {
      $bearer_check
      $cookie
      $redirects_tail
    }
    location /redirect/header/ {
      $header_check
      $cookie
      $redirects_tail
    }
    location /redirect/basic/ {
      auth_basic "e2e";
      auth_basic_user_file $E2E_TMP/htpasswd;
      try_files /.e2e-never-exists @redirect_basic;
    }
    location @redirect_basic {
      $cookie
      $redirects_tail
    }
    ${E2E_NGINX_ORIGIN_EXTRA:-}
    location / { return 404; }
  }

  server {
    listen 127.0.0.2:$PORT2 ssl http2;
    server_name localhost 127.0.0.2;
    $foreign_body
  }
  server {
    listen 127.0.0.2:$PORT3;
    server_name localhost 127.0.0.2;
    $foreign_body
  }
  server {
    listen 127.0.0.1:$PORT4 ssl http2;
    server_name localhost 127.0.0.1;
    $foreign_body
  }
}
EOF
}

# A test may set E2E_NGINX_ORIGIN_EXTRA (nginx directives, e.g. more locations) before
# e2e_start_nginx: it goes into the PORT1 server block, before its catch-all 404.
# Starts nginx in the background (not daemonized); waits until it listens on all ports.
# Sets NGINX_PID, NGINX_DIR, PORT1..PORT4, ORIGIN, FOREIGN_LOG, ORIGIN_LOG.
e2e_start_nginx() {
  NGINX_DIR="$E2E_TMP/nginx"
  mkdir -p "$NGINX_DIR"/{logs,tmp}
  local attempt
  for attempt in 1 2 3 4 5; do
    PORT1="$(e2e_pick_port)"
    PORT2="$(e2e_pick_port "$PORT1")"
    PORT3="$(e2e_pick_port "$PORT1" "$PORT2")"
    PORT4="$(e2e_pick_port "$PORT1" "$PORT2" "$PORT3")"
    e2e_write_nginx_conf
    : >"$NGINX_DIR/logs/error.log"
    nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/logs/error.log" \
      </dev/null >>"$NGINX_DIR/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    local i up
    for ((i = 0; i < 100; i++)); do
      if ! kill -0 "$NGINX_PID" 2>/dev/null; then break; fi
      up=1
      e2e_port_in_use 127.0.0.1 "$PORT1" || up=0
      e2e_port_in_use 127.0.0.2 "$PORT2" || up=0
      e2e_port_in_use 127.0.0.2 "$PORT3" || up=0
      e2e_port_in_use 127.0.0.1 "$PORT4" || up=0
      if ((up)); then
        ORIGIN="https://127.0.0.1:$PORT1"
        FOREIGN_LOG="$NGINX_DIR/logs/foreign.log"
        ORIGIN_LOG="$NGINX_DIR/logs/origin.log"
        touch "$FOREIGN_LOG" "$ORIGIN_LOG"
        e2e_log "nginx pid $NGINX_PID on 127.0.0.1:$PORT1 127.0.0.2:$PORT2 127.0.0.2:$PORT3(http) 127.0.0.1:$PORT4"
        return 0
      fi
      sleep 0.1
    done
    e2e_stop_nginx
    if grep -q 'Address already in use' "$NGINX_DIR/logs/error.log" "$NGINX_DIR/logs/stdout.log" 2>/dev/null; then
      e2e_log "port clash (attempt $attempt), picking new ports"
      continue
    fi
    e2e_log "nginx did not start:"
    sed 's/^/#   /' "$NGINX_DIR/logs/error.log" "$NGINX_DIR/logs/stdout.log" >&2 || true
    return 1
  done
  return 1
}

e2e_stop_nginx() {
  [[ -n "${NGINX_PID:-}" ]] || return 0
  if kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
  fi
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
}

# Everything at once: secrets, certs, fixtures, nginx.
e2e_setup_server() {
  e2e_make_secrets
  e2e_make_certs
  e2e_make_docroot
  e2e_start_nginx
}

# Byte offset of a log now; e2e_log_since LOG OFFSET prints what was appended after it.
e2e_log_size() { stat -c %s "$1"; }
e2e_log_since() { tail -c +"$(($2 + 1))" "$1"; }

# ---------------------------------------------------------------------------------------------
# Test cases. e2e_case NAME FUNCTION runs FUNCTION in a subshell with errexit; it passes if the
# function returns 0. e2e_die MSG fails the case with MSG; an unexpected failing command fails
# it with that command's text.

e2e_die() {
  printf '%s' "$*" >"$E2E_TMP/.reason"
  exit 1
}

e2e_case() {
  local name="$1" fn="$2" rc
  E2E_CASE_COUNT=$((E2E_CASE_COUNT + 1))
  rm -f "$E2E_TMP/.reason"
  set +e
  (
    set -eE
    trap 'printf "command failed (rc %s, line %s): %s" "$?" "$LINENO" "$BASH_COMMAND" >"$E2E_TMP/.reason"' ERR
    CASE="$name"
    "$fn"
  )
  rc=$?
  set -e
  if ((rc == 0)); then
    echo "ok $name"
  else
    local why="exit $rc"
    [[ -s "$E2E_TMP/.reason" ]] && why="$(tr '\n' ' ' <"$E2E_TMP/.reason")"
    echo "FAIL $name: $why"
  fi
}

# Runs the CLI as a process. e2e_airlock LABEL ARGS... sets RC, OUT, ERR (files kept under
# $E2E_TMP/out for the canary sweep). Never fails by itself.
e2e_airlock() {
  local label="$1"
  shift
  local n
  n=$(ls "$E2E_TMP/out" | wc -l)
  OUT="$E2E_TMP/out/$(printf '%03d' "$n")-$label.out"
  ERR="$E2E_TMP/out/$(printf '%03d' "$n")-$label.err"
  RC=0
  e2e_launcher
  timeout --kill-after=10 "${E2E_CMD_TIMEOUT:-120}" "${E2E_LAUNCHER[@]}" "$@" </dev/null >"$OUT" 2>"$ERR" || RC=$?
  printf '%s\n' "$*" >"${OUT%.out}.cmd"
}

# Sets the array E2E_LAUNCHER: the command that runs the CLI (exec's java, so $! is the JVM).
e2e_launcher() {
  E2E_LAUNCHER=("$E2E_ROOT/scripts/airlock")
  # shellcheck disable=SC2206
  [[ -x "${E2E_LAUNCHER[0]}" ]] || E2E_LAUNCHER=(java ${AIRLOCK_OPTS:-} -jar "$E2E_ROOT/target/airlock.jar")
  [[ -n "${E2E_AIRLOCK:-}" ]] && E2E_LAUNCHER=("$E2E_AIRLOCK") # another build of the CLI
  return 0
}

# e2e_expect_rc WANT [WANT2...] : fail the case unless RC is one of them; shows stderr's tail.
e2e_expect_rc() {
  local w
  for w in "$@"; do [[ "$RC" == "$w" ]] && return 0; done
  e2e_die "exit $RC, want $*; stderr: $(e2e_tail "$ERR")"
}

e2e_tail() { # a short, one-line excerpt of a file
  tail -n 5 "$1" 2>/dev/null | tr '\n' '|' | cut -c1-400
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# A digest of every file (path, type, content) under the given paths, for before/after checks.
e2e_tree_digest() {
  local p
  for p in "$@"; do
    if [[ -d "$p" ]]; then
      (cd "$p" && find . -printf '%y %p %l\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
    elif [[ -e "$p" ]]; then
      sha256sum "$p"
    else
      echo "missing $p"
    fi
  done | sha256sum | cut -d' ' -f1
}

# ---------------------------------------------------------------------------------------------
# Canary sweep.

e2e_urlencode() { # percent-encodes everything but unreserved chars; $2=lower for lower-case hex
  local s="$1" out="" c i fmt='%%%02X'
  [[ "${2:-}" == lower ]] && fmt='%%%02x'
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf "$fmt" "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# base64 fragments that appear in the base64 of any text containing S, at each of the three
# alignments (the first and last partial groups are dropped).
e2e_b64_fragments() {
  local s="$1" k pre enc
  for k in 0 1 2; do
    pre="$(printf '%*s' "$k" '' | tr ' ' 'A')"
    enc="$(printf '%s%s' "$pre" "$s" | base64 -w0)"
    ((k > 0)) && enc="${enc:4}"
    enc="${enc:0:${#enc}-4}"
    printf '%s\n' "$enc"
  done
}

# Prints one needle per line for every secret of this run, in every encoding we look for.
e2e_needles() {
  local s
  for s in "$CANARY_PW" "$CANARY_TOKEN" "$CANARY_TOKEN2"; do
    printf '%s\n' "$s"
    printf '%s\n' "$s" | sed -E 's/^CANARY-([0-9a-f]{24}).*/\1/' # the random core alone
    e2e_urlencode "$s"; echo
    e2e_urlencode "$s" lower; echo
    printf '%s' "$s" | base64 -w0; echo
    e2e_b64_fragments "$s"
  done
  printf '%s' "$CANARY_USER:$CANARY_PW" | base64 -w0; echo
  printf '%s' "Bearer $CANARY_TOKEN" | base64 -w0; echo
}

# e2e_sweep PATH... : prints "needle-kind in file" for every hit; returns 1 if any.
e2e_sweep() {
  local needles="$E2E_TMP/.needles" hits
  e2e_needles | LC_ALL=C sort -u | grep -v '^$' >"$needles"
  hits="$(grep -rlaF -f "$needles" -- "$@" 2>/dev/null || true)"
  if [[ -n "$hits" ]]; then
    local f
    for f in $hits; do
      printf '%s: %s\n' "${f#"$E2E_TMP"/}" "$(grep -oaF -f "$needles" "$f" | head -1 | cut -c1-12)…"
    done
    return 1
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# CLI build.

e2e_ensure_jar() {
  if [[ ! -f "$E2E_ROOT/target/airlock.jar" ]]; then
    e2e_log "target/airlock.jar missing: mvn -B -q -DskipTests package"
    (cd "$E2E_ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Docker (test_docker.sh, test_scan.sh, test_ci_recipes.sh). Docker Hub is out of reach, so base
# images are made here. Containers get no network: builds and runs use --network none, and a
# dockerd started here has no bridge.

DOCKERD_PID=""

# e2e_docker_start CASE: makes sure a Docker daemon answers, starting dockerd if none does (then
# e2e_docker_stop stops it; a daemon that was already running is left alone). Without an engine it
# prints `FAIL CASE: why` and returns 1 (the caller exits 0: the case is counted as failed).
e2e_docker_start() {
  local case="$1" tool i
  for tool in docker dockerd; do
    if ! command -v "$tool" >/dev/null; then
      echo "FAIL $case: '$tool' not found (apt-get install docker.io debootstrap busybox-static)"
      return 1
    fi
  done
  docker info >/dev/null 2>&1 && return 0
  e2e_log "no Docker daemon answers: starting dockerd"
  dockerd --host unix:///var/run/docker.sock --bridge=none --iptables=false \
    </dev/null >"$E2E_TMP/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for ((i = 0; i < 300; i++)); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.2
  done
  if ! docker info >/dev/null 2>&1; then
    echo "FAIL $case: dockerd did not start: $(e2e_tail "$E2E_TMP/dockerd.log")"
    return 1
  fi
}

# Stops the dockerd that e2e_docker_start started, if it did.
e2e_docker_stop() {
  [[ -n "$DOCKERD_PID" ]] || return 0
  kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$DOCKERD_PID" 2>/dev/null || true
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=""
}

# e2e_docker_rm_images PREFIX: removes every image whose reference starts with PREFIX.
e2e_docker_rm_images() {
  local ids
  ids="$(docker image ls -q --filter "reference=$1*" 2>/dev/null || true)"
  # shellcheck disable=SC2086
  [[ -n "$ids" ]] && docker image rm -f $ids >/dev/null 2>&1 || true
}

# e2e_busybox_image IMAGE: imports a busybox-static root (/bin with every applet, /tmp, /etc,
# /root) as IMAGE unless it exists. Kept between runs: every test that needs it makes it the same.
e2e_busybox_image() {
  local img="$1"
  docker image inspect "$img" >/dev/null 2>&1 && return 0
  local bb root="$E2E_TMP/busybox-root" a
  bb="$(command -v busybox || true)"
  [[ -n "$bb" ]] && ! ldd "$bb" >/dev/null 2>&1 || { echo "need a static busybox (busybox-static)" >&2; return 1; }
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  cp "$bb" "$root/bin/busybox"
  for a in $("$bb" --list); do [[ "$a" == busybox ]] || ln -sf busybox "$root/bin/$a"; done
  tar -C "$root" --owner=0 --group=0 -c . | docker import -c 'ENV PATH=/bin' - "$img" >/dev/null
}

# e2e_save_image IMAGE DIR: `docker save`s IMAGE into DIR/image.tar, unpacks it into DIR/raw and
# each layer into DIR/layers/N, and writes DIR/history.txt and DIR/inspect.json: everything the
# credential sweep should read. Fails the case if the archive holds no layer.
e2e_save_image() {
  local img="$1" dir="$2" layer k=0
  mkdir -p "$dir/raw" "$dir/layers"
  docker save "$img" -o "$dir/image.tar"
  tar -xf "$dir/image.tar" -C "$dir/raw"
  while IFS= read -r layer; do
    if tar -tf "$layer" >/dev/null 2>&1; then
      mkdir -p "$dir/layers/$k"
      tar -xf "$layer" -C "$dir/layers/$k" 2>/dev/null || true
      k=$((k + 1))
    fi
  done < <(find "$dir/raw" -type f \( -name 'layer.tar' -o -path '*/blobs/sha256/*' \))
  ((k > 0)) || e2e_die "no layer found in the saved $img"
  docker history --no-trunc --format '{{.CreatedBy}} {{.Comment}}' "$img" >"$dir/history.txt"
  docker image inspect "$img" >"$dir/inspect.json"
}

# e2e_debian_mirror: the Debian bookworm mirror apt uses here (one-line sources.list or deb822).
e2e_debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk '$1 == "deb" && $0 ~ /bookworm/ && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' "$f"
  done | head -1 | grep . && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      /Suites:[^\n]*bookworm/ && !/security/ {
        for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); print u[2]; exit } }' "$f"
  done | head -1 | grep .
}

# e2e_minbase_image IMAGE CACHE_DIR: imports a `debootstrap --variant=minbase bookworm` root (glibc,
# bash, coreutils, tar, gzip; no Java, no curl) as IMAGE unless it exists. The tarball is kept in
# CACHE_DIR between local runs and made afresh when CI=true (1.5 to 5 min, by the mirror).
e2e_minbase_image() {
  local img="$1" cache="$2" tarball mirror root rc=0
  docker image inspect "$img" >/dev/null 2>&1 && return 0
  if [[ "${CI:-}" == true ]]; then tarball="$E2E_TMP/bookworm-minbase.tar"; else mkdir -p "$cache"; tarball="$cache/bookworm-minbase.tar"; fi
  if [[ ! -s "$tarball" ]]; then
    mirror="$(e2e_debian_mirror)" || { echo "no bookworm mirror found in /etc/apt/sources.list*" >&2; return 1; }
    root="$E2E_TMP/minbase-root"
    e2e_log "debootstrap --variant=minbase bookworm from $mirror"
    timeout 1200 debootstrap --variant=minbase bookworm "$root" "$mirror" >"$E2E_TMP/debootstrap.log" 2>&1 || rc=$?
    if ((rc != 0)); then
      echo "debootstrap failed (exit $rc): $(e2e_tail "$E2E_TMP/debootstrap.log")" >&2
      return 1
    fi
    tar -C "$root" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$img" >/dev/null
  [[ "${CI:-}" != true ]] || rm -f "$tarball"
}
