#!/usr/bin/env bash
# Checks the e2e nginx itself with curl, so a failing airlock e2e case is never the fixture's
# fault: status codes, TLS via the private CA, HTTP/2, redirects, and that the foreign-host log
# really records credentials (a negative control for the leak checks in test_http.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_setup_server

C=(curl -sS --max-time 10 --cacert "$CA_PEM")

# status URL [curl args...] -> prints the HTTP status code
status() {
  local url="$1"
  shift
  "${C[@]}" -o /dev/null -w '%{http_code}' "$@" "$url"
}

expect_status() { # WANT URL [curl args...]
  local want="$1" got
  shift
  got="$(status "$@")" || e2e_die "curl failed for $1"
  [[ "$got" == "$want" ]] || e2e_die "$1: HTTP $got, want $want"
}

t_tls_h2() {
  local v
  v="$("${C[@]}" -o /dev/null -w '%{http_code} %{http_version}' "$ORIGIN/public/p.bin")"
  [[ "$v" == "200 2" ]] || e2e_die "got '$v', want '200 2'"
  v="$("${C[@]}" -o /dev/null -w '%{http_code} %{http_version}' "https://127.0.0.2:$PORT2/public/p.bin")"
  [[ "$v" == "200 2" ]] || e2e_die "127.0.0.2: got '$v', want '200 2'"
  v="$("${C[@]}" -o /dev/null -w '%{http_code}' "https://localhost:$PORT1/public/p.bin")"
  [[ "$v" == 200 ]] || e2e_die "localhost: got '$v'"
}

t_untrusted() {
  local rc=0
  curl -sS --max-time 10 -o /dev/null "$ORIGIN/public/p.bin" 2>/dev/null || rc=$?
  [[ $rc == 60 ]] || e2e_die "curl without the CA: rc $rc, want 60"
  rc=0
  curl -sS --max-time 10 --cacert "$OTHER_CA_PEM" -o /dev/null "$ORIGIN/public/p.bin" 2>/dev/null || rc=$?
  [[ $rc == 60 ]] || e2e_die "curl with an unrelated CA: rc $rc, want 60"
}

t_basic() {
  expect_status 401 "$ORIGIN/basic/a.bin"
  expect_status 401 "$ORIGIN/basic/a.bin" --netrc-file "$NETRC_WRONG"
  "${C[@]}" --fail --netrc-file "$NETRC_FILE" -o "$E2E_TMP/a.bin" "$ORIGIN/basic/a.bin"
  cmp -s "$E2E_TMP/a.bin" "$DOCROOT/basic/a.bin" || e2e_die "content differs"
}

t_bearer() {
  expect_status 401 "$ORIGIN/bearer/b.bin"
  expect_status 401 "$ORIGIN/bearer/b.bin" -H "Authorization: Bearer nope"
  expect_status 200 "$ORIGIN/bearer/b.bin" -H "Authorization: Bearer $CANARY_TOKEN"
  "${C[@]}" -D - -o /dev/null "$ORIGIN/bearer/b.bin" | grep -qi '^www-authenticate: Bearer' ||
    e2e_die "401 lacks WWW-Authenticate: Bearer"
}

t_header() {
  expect_status 401 "$ORIGIN/header/c.bin"
  expect_status 401 "$ORIGIN/header/c.bin" -H "PRIVATE-TOKEN: nope"
  expect_status 401 "$ORIGIN/header/c.bin" -H "Authorization: Bearer $CANARY_TOKEN2"
  expect_status 200 "$ORIGIN/header/c.bin" -H "PRIVATE-TOKEN: $CANARY_TOKEN2"
}

t_redirect() {
  local loc
  expect_status 401 "$ORIGIN/redirect/bearer/h2/public/p.bin"
  expect_status 401 "$ORIGIN/redirect/header/h2/public/p.bin"
  expect_status 401 "$ORIGIN/redirect/basic/h2/public/p.bin"
  loc="$("${C[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' -H "Authorization: Bearer $CANARY_TOKEN" "$ORIGIN/redirect/bearer/h2/public/p.bin")"
  [[ "$loc" == "302 https://127.0.0.2:$PORT2/public/p.bin" ]] || e2e_die "bearer: got '$loc'"
  loc="$("${C[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' -H "PRIVATE-TOKEN: $CANARY_TOKEN2" "$ORIGIN/redirect/header/http/public/p.bin")"
  [[ "$loc" == "302 http://127.0.0.2:$PORT3/public/p.bin" ]] || e2e_die "header: got '$loc'"
  loc="$("${C[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' --netrc-file "$NETRC_FILE" "$ORIGIN/redirect/basic/port/challenge/p.bin")"
  [[ "$loc" == "302 https://127.0.0.1:$PORT4/challenge/p.bin" ]] || e2e_die "basic: got '$loc'"
  loc="$("${C[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/redirect/open/h2/public/p.bin")"
  [[ "$loc" == "302 https://127.0.0.2:$PORT2/public/p.bin" ]] || e2e_die "open: got '$loc'"
  "${C[@]}" -D - -o /dev/null "$ORIGIN/redirect/open/h2/public/p.bin" | grep -qi "^set-cookie: sid=$CANARY_COOKIE" ||
    e2e_die "redirect sets no cookie"
}

t_foreign() {
  expect_status 200 "https://127.0.0.2:$PORT2/public/p.bin"
  expect_status 200 "http://127.0.0.2:$PORT3/public/p.bin"
  expect_status 200 "https://127.0.0.1:$PORT4/public/p.bin"
  expect_status 401 "https://127.0.0.2:$PORT2/challenge/p.bin"
  expect_status 404 "https://127.0.0.2:$PORT2/basic/a.bin"
  "${C[@]}" -D - -o /dev/null "https://127.0.0.2:$PORT2/challenge/p.bin" | grep -qi '^www-authenticate: Basic' ||
    e2e_die "challenge lacks WWW-Authenticate: Basic"
}

t_follow_clean() {
  # curl drops a custom Authorization header on a cross-host redirect: 127.0.0.2 sees none.
  local off
  off=$(e2e_log_size "$FOREIGN_LOG")
  "${C[@]}" --fail -L -H "Authorization: Bearer $CANARY_TOKEN" -o "$E2E_TMP/p.bin" "$ORIGIN/redirect/bearer/h2/public/p.bin"
  cmp -s "$E2E_TMP/p.bin" "$DOCROOT/public/p.bin" || e2e_die "content differs"
  e2e_log_since "$FOREIGN_LOG" "$off" | grep -q 'status=200' || e2e_die "foreign log has no request"
  e2e_log_since "$FOREIGN_LOG" "$off" | grep -q 'auth="-"' || e2e_die "foreign log: auth field not empty"
  if e2e_log_since "$FOREIGN_LOG" "$off" | grep -qF "$CANARY_TOKEN"; then e2e_die "token in foreign log"; fi
}

t_leak_detector() {
  # Negative control: curl forwards a custom PRIVATE-TOKEN header to every host it follows.
  # The foreign log must show it, or test_http.sh's "no leak" checks would prove nothing.
  local off
  off=$(e2e_log_size "$FOREIGN_LOG")
  "${C[@]}" --fail -L -H "PRIVATE-TOKEN: $CANARY_TOKEN2" -o /dev/null "$ORIGIN/redirect/header/h2/public/p.bin"
  e2e_log_since "$FOREIGN_LOG" "$off" | grep -qF "ptok=\"$CANARY_TOKEN2\"" || e2e_die "leaked header not visible in foreign log"
  e2e_sweep "$FOREIGN_LOG" >/dev/null && e2e_die "e2e_sweep missed the token in the foreign log"
  : >"$FOREIGN_LOG"
}

t_login_page() {
  local v
  v="$("${C[@]}" -o "$E2E_TMP/login" -w '%{http_code} %{content_type}' "$ORIGIN/login/x.bin")"
  [[ "$v" == "200 text/html" ]] || e2e_die "got '$v'"
  grep -q '<form' "$E2E_TMP/login" || e2e_die "no form"
}

t_archives() {
  local d="$E2E_TMP/unpack"
  mkdir -p "$d/tgz" "$d/zip"
  "${C[@]}" --fail --netrc-file "$NETRC_FILE" -o "$d/t.tgz" "$ORIGIN/basic/tree.tar.gz"
  "${C[@]}" --fail --netrc-file "$NETRC_FILE" -o "$d/t.zip" "$ORIGIN/basic/tree.zip"
  tar -C "$d/tgz" -xzf "$d/t.tgz"
  (cd "$d/zip" && jar -xf "$d/t.zip")
  diff -r "$FIXTURE_TREE" "$d/tgz" >/dev/null || e2e_die "tar.gz content differs"
  diff -r "$FIXTURE_TREE" "$d/zip" >/dev/null || e2e_die "zip content differs"
}

t_sweep_encodings() {
  # The sweep finds each encoding of a secret embedded in other text.
  local f="$E2E_TMP/sweep-probe"
  printf 'x%sy' "$CANARY_TOKEN" >"$f"; e2e_sweep "$f" >/dev/null && e2e_die "raw"
  printf 'Authorization: Basic %s\n' "$(printf '%s' "$CANARY_USER:$CANARY_PW" | base64 -w0)" >"$f"
  e2e_sweep "$f" >/dev/null && e2e_die "basic b64"
  printf 'zz%s' "$CANARY_TOKEN2" | base64 -w0 >"$f"; e2e_sweep "$f" >/dev/null && e2e_die "shifted b64"
  printf 'pw=%s&' "$(e2e_urlencode "$CANARY_PW" lower)" >"$f"; e2e_sweep "$f" >/dev/null && e2e_die "urlencoded"
  printf 'nothing to see\n' >"$f"; e2e_sweep "$f" >/dev/null || e2e_die "false positive"
}

e2e_case selfcheck-tls-h2 t_tls_h2
e2e_case selfcheck-untrusted-ca t_untrusted
e2e_case selfcheck-basic t_basic
e2e_case selfcheck-bearer t_bearer
e2e_case selfcheck-private-token t_header
e2e_case selfcheck-redirects t_redirect
e2e_case selfcheck-foreign-servers t_foreign
e2e_case selfcheck-follow-drops-authorization t_follow_clean
e2e_case selfcheck-leak-detector t_leak_detector
e2e_case selfcheck-login-page t_login_page
e2e_case selfcheck-archives t_archives
e2e_case selfcheck-sweep-encodings t_sweep_encodings
