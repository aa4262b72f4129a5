# shellcheck shell=bash
# A remote cache for airlock on nginx with WebDAV (dav_methods PUT, basic auth), as the README's
# "Remote cache" describes: https://127.0.0.2:PORTC/cache/, objects in $CAS_ROOT/cache/cas/<sha256>.
# Source after lib.sh and call cache_server_start after e2e_setup_server (it uses its certificate
# and avoids its ports). Sets CACHE_USER, CACHE_PW (a canary; exported as E2E_CACHE_PW), CAS_ROOT,
# PORTC, CACHE_URL, CACHE_LOG. The server is stopped on exit (with lib.sh's cleanup).

CACHE_PID=""

cache_server_start() {
  CACHE_USER="ci"
  CACHE_PW="CANARY-$(openssl rand -hex 12)+c/a@c:h"
  export E2E_CACHE_PW="$CACHE_PW"
  printf '%s:%s\n' "$CACHE_USER" "$(openssl passwd -apr1 "$CACHE_PW")" >"$E2E_TMP/cache-htpasswd"
  local dir="$E2E_TMP/nginx-cache" user_line="" i
  CAS_ROOT="$E2E_TMP/cas-root"
  mkdir -p "$dir"/{logs,tmp} "$CAS_ROOT/cache/cas"
  PORTC="$(e2e_pick_port "$PORT1" "$PORT2" "$PORT3" "$PORT4")"
  [[ "$(id -u)" == 0 ]] && user_line="user root;" # as lib.sh: the temp dir is private to us
  cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 256; }
http {
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  sendfile on;
  log_format creds 'req="\$request" status=\$status rt=\$request_time auth="\$http_authorization" ptok="\$http_private_token"';
  access_log $dir/logs/access.log creds;
  server {
    listen 127.0.0.2:$PORTC ssl http2;
    ssl_certificate $SERVER_CERT;
    ssl_certificate_key $SERVER_KEY;
    location /cache/ {
      root $CAS_ROOT;
      auth_basic "cache";
      auth_basic_user_file $E2E_TMP/cache-htpasswd;
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw;
      client_max_body_size 0;
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >>"$dir/logs/stdout.log" 2>&1 &
  CACHE_PID=$!
  trap 'cache_server_stop; e2e_cleanup' EXIT
  CACHE_URL="https://127.0.0.2:$PORTC/cache/"
  CACHE_LOG="$dir/logs/access.log"
  for ((i = 0; i < 100; i++)); do
    e2e_port_in_use 127.0.0.2 "$PORTC" && return 0
    sleep 0.1
  done
  e2e_log "cache nginx did not start: $(cat "$dir/logs/error.log" "$dir/logs/stdout.log" 2>/dev/null)"
  return 1
}

cache_server_stop() {
  [[ -n "$CACHE_PID" ]] || return 0
  kill -TERM "$CACHE_PID" 2>/dev/null || true
  wait "$CACHE_PID" 2>/dev/null || true
  CACHE_PID=""
}
