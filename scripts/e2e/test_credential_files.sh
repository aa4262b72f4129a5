#!/usr/bin/env bash
# Credentials read from the files users already keep, against the loopback nginx of lib.sh: an
# npmrc bearer token, a settings.xml <server> whose password is encrypted with settings-security.xml's
# master password, and a .pypirc section (Basic). No credential comes from the environment, a netrc
# or the manifest. Checks: each file's value reaches its origin, never a redirect target on another
# origin; -v names each credential by kind; a world-readable npmrc is ignored; scan finds a leak of
# each value; no value in any output, vendor tree, lock, cache or the foreign server's log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_make_secrets
e2e_make_certs
e2e_make_docroot
# An npm registry: the packument of @corp/ui-kit at /npm/@corp%2fui-kit behind the bearer token.
# shellcheck disable=SC2016,SC2034 # nginx variables, not shell ones; read by lib.sh
E2E_NGINX_ORIGIN_EXTRA='
    location ~ ^/npm/@corp/ui-kit$ {
      if ($http_authorization != "Bearer '"$CANARY_TOKEN"'") { return 401; }
      types { }
      default_type application/vnd.npm.install-v1+json;
      try_files /npm-meta/ui-kit.json =404;
    }'
e2e_start_nginx
e2e_ensure_jar
unset E2E_TOKEN E2E_TOKEN2 # only the files may hold credentials

SHA_A="$(sha256_of "$DOCROOT/basic/a.bin")"
SHA_M="$(sha256_of "$DOCROOT/basic/m.bin")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"
SHA_P="$(sha256_of "$DOCROOT/public/p.bin")"
P="$E2E_TMP/proj/files"
mkdir -p "$P" "$HOME/.m2"

# The encrypted forms, made with the plexus-cipher that airlock bundles (Maven 3.9's), as
# `mvn --encrypt-master-password` / `mvn --encrypt-password` make them. Values travel by env.
cat >"$E2E_TMP/Encrypt.java" <<'JAVA'
public class Encrypt {
  public static void main(String[] a) throws Exception {
    System.out.print(new org.sonatype.plexus.components.cipher.DefaultPlexusCipher()
        .encryptAndDecorate(System.getenv("ENC_VALUE"), System.getenv("ENC_KEY")));
  }
}
JAVA
encrypt() { ENC_VALUE="$1" ENC_KEY="$2" java -cp "$E2E_ROOT/target/airlock.jar" "$E2E_TMP/Encrypt.java"; }
MASTER="MASTER-$(openssl rand -hex 12)"
umask 077
printf '<settingsSecurity><master>%s</master></settingsSecurity>\n' "$(encrypt "$MASTER" settings.security)" \
  >"$HOME/.m2/settings-security.xml"
cat >"$HOME/.m2/settings.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>e2e-basic</id>
      <username>$CANARY_USER</username>
      <password>$(encrypt "$CANARY_PW" "$MASTER")</password>
    </server>
  </servers>
  <mirrors>
    <mirror><id>e2e-basic</id><url>$ORIGIN/basic/</url><mirrorOf>*</mirrorOf></mirror>
  </mirrors>
</settings>
XML
printf '[distutils]\nindex-servers = corp\n\n[corp]\nusername = %s\npassword = %s\n' "$CANARY_USER" "$CANARY_PW" \
  >"$HOME/.pypirc"
# What `npm login --registry $ORIGIN/bearer/` writes: the project's .npmrc beside fetch.yaml.
# A second registry path on the same host (the redirecting one) has its own entry.
printf '//127.0.0.1:%s/bearer/:_authToken=%s\n//127.0.0.1:%s/redirect/bearer/:_authToken=%s\n' \
  "$PORT1" "$CANARY_TOKEN" "$PORT1" "$CANARY_TOKEN" >"$P/.npmrc"
umask 022
export AIRLOCK_CACHE="$E2E_TMP/cache/files"

# The package: a tarball under /bearer/npm/ (the npmrc's /bearer/ key answers for it).
mkdir -p "$E2E_TMP/ui-kit/package" "$DOCROOT/bearer/npm" "$DOCROOT/npm-meta"
printf '{"name":"@corp/ui-kit","version":"3.2.1","main":"index.js"}\n' >"$E2E_TMP/ui-kit/package/package.json"
printf 'module.exports = {};\n' >"$E2E_TMP/ui-kit/package/index.js"
tar -C "$E2E_TMP/ui-kit" --owner=0 --group=0 -czf "$DOCROOT/bearer/npm/ui-kit-3.2.1.tgz" package
NPM_INTEGRITY="sha512-$(openssl dgst -sha512 -binary "$DOCROOT/bearer/npm/ui-kit-3.2.1.tgz" | base64 -w0)"
printf '{"name":"@corp/ui-kit","dist-tags":{"latest":"3.2.1"},"versions":{"3.2.1":{"name":"@corp/ui-kit",%s}}}\n' \
  "\"version\":\"3.2.1\",\"dist\":{\"tarball\":\"$ORIGIN/bearer/npm/ui-kit-3.2.1.tgz\",\"integrity\":\"$NPM_INTEGRITY\"}" \
  >"$DOCROOT/npm-meta/ui-kit.json"

manifest() { # SOURCES...: writes $P/fetch.yaml with the three file credentials
  {
    printf 'version: 1\ncredentials:\n'
    printf '  npm: { npmrc: {} }\n'
    printf '  mvn: { mavenSettings: { server: e2e-basic } }\n'
    printf '  py: { pypirc: { repository: corp } }\n'
    printf 'sources:\n'
    printf '%s\n' "$@"
  } >"$P/fetch.yaml"
}
fetch() { local label="$1"; shift; e2e_airlock "$label" fetch -f "$P/fetch.yaml" --ca-cert "$CA_PEM" --no-progress "$@"; }
expect_file_sha() {
  [[ -f "$1" ]] || e2e_die "missing ${1#"$E2E_TMP"/}"
  [[ "$(sha256_of "$1")" == "$2" ]] || e2e_die "wrong sha256 for ${1#"$E2E_TMP"/}"
}

t_fetch_from_files() {
  manifest "  - { name: b, credentials: npm, http: { url: \"$ORIGIN/bearer/b.bin\", sha256: $SHA_B } }" \
    "  - { name: a, credentials: mvn, http: { url: \"$ORIGIN/basic/a.bin\", sha256: $SHA_A } }" \
    "  - { name: m, credentials: py, http: { url: \"$ORIGIN/basic/m.bin\", sha256: $SHA_M } }"
  fetch fetch-files -v
  e2e_expect_rc 0
  expect_file_sha "$P/vendor/files/b/b.bin" "$SHA_B"
  expect_file_sha "$P/vendor/files/a/a.bin" "$SHA_A"
  expect_file_sha "$P/vendor/files/m/m.bin" "$SHA_M"
  grep -qF "npm (npmrc for //127.0.0.1:$PORT1/bearer/)" "$ERR" || e2e_die "-v does not name the npmrc key: $(e2e_tail "$ERR")"
  grep -qF "mvn (maven settings server e2e-basic for $ORIGIN)" "$ERR" || e2e_die "-v does not name the maven server"
  grep -qF "py (pypirc [corp] for $ORIGIN)" "$ERR" || e2e_die "-v does not name the pypirc section"
  e2e_airlock verify-files verify -f "$P/fetch.yaml"
  e2e_expect_rc 0
}

t_npm_source_with_npmrc() {
  # The registry's packument gets the //HOST/npm/ entry, its tarball the //HOST/bearer/ one.
  printf '//127.0.0.1:%s/npm/:_authToken=%s\n' "$PORT1" "$CANARY_TOKEN" >>"$P/.npmrc"
  manifest "  - name: ui-kit" "    credentials: npm" "    npm: { registry: \"$ORIGIN/npm\", package: \"@corp/ui-kit@3.2.1\" }"
  fetch npm-source -v
  e2e_expect_rc 0
  [[ -n "$(find "$P/vendor" -name '*ui-kit-3.2.1.tgz')" ]] || e2e_die "no tarball vendored: $(find "$P/vendor" | head)"
  grep -qF "npmrc for //127.0.0.1:$PORT1/npm/" "$ERR" || e2e_die "the packument did not use the /npm/ key"
  grep -qF "npmrc for //127.0.0.1:$PORT1/bearer/" "$ERR" || e2e_die "the tarball did not use the /bearer/ key"
}

t_redirects_carry_nothing() {
  local off
  off=$(e2e_log_size "$FOREIGN_LOG")
  manifest "  - { name: rb, credentials: npm, http: { url: \"$ORIGIN/redirect/bearer/h2/public/p.bin\", sha256: $SHA_P } }" \
    "  - { name: ra, credentials: mvn, http: { url: \"$ORIGIN/redirect/basic/h2/public/p.bin\", sha256: $SHA_P } }"
  fetch redirect-files -v
  e2e_expect_rc 0
  local seen
  seen="$(e2e_log_since "$FOREIGN_LOG" "$off")"
  [[ "$(grep -c 'public/p.bin' <<<"$seen")" == 2 ]] || e2e_die "the foreign host was not reached twice: $seen"
  grep -q 'auth="-"' <<<"$seen" || e2e_die "no request without auth at the foreign host"
  grep -v 'auth="-"' <<<"$seen" | grep -q . && e2e_die "an Authorization header reached the foreign host"
  return 0
}

t_pypirc_origin_only() {
  # The .pypirc password is bound to the source's origin: another port (PORT4) is another origin.
  local off
  off=$(e2e_log_size "$FOREIGN_LOG")
  manifest "  - { name: rp, credentials: py, http: { url: \"$ORIGIN/redirect/basic/port/public/p.bin\", sha256: $SHA_P } }"
  fetch redirect-pypirc -v
  e2e_expect_rc 0
  e2e_log_since "$FOREIGN_LOG" "$off" | grep -v 'auth="-"' | grep -q . && e2e_die "credentials reached another port"
  return 0
}

t_world_readable_npmrc() {
  chmod 644 "$P/.npmrc"
  manifest "  - { name: b2, credentials: npm, http: { url: \"$ORIGIN/bearer/b.bin\", sha256: $SHA_B } }"
  fetch npmrc-world-readable
  chmod 600 "$P/.npmrc"
  e2e_expect_rc 2
  grep -q "ignoring npmrc file $P/.npmrc" "$ERR" || e2e_die "no warning about the readable npmrc: $(e2e_tail "$ERR")"
}

t_scan_finds_file_values() {
  manifest "  - { name: b, credentials: npm, http: { url: \"$ORIGIN/bearer/b.bin\", sha256: $SHA_B } }" \
    "  - { name: a, credentials: mvn, http: { url: \"$ORIGIN/basic/a.bin\", sha256: $SHA_A } }" \
    "  - { name: m, credentials: py, http: { url: \"$ORIGIN/basic/m.bin\", sha256: $SHA_M } }"
  local leak="$E2E_TMP/leak"
  mkdir -p "$leak"
  printf 'npm=%s\n' "$CANARY_TOKEN" >"$leak/npm.txt"
  printf 'auth=%s\n' "$(printf '%s' "$CANARY_USER:$CANARY_PW" | base64 -w0)" >"$leak/basic.txt"
  e2e_airlock scan-leak scan "$leak" -f "$P/fetch.yaml" --format json
  rm -rf "$leak"
  e2e_expect_rc 1
  grep -q 'npmrc credential' "$OUT" || e2e_die "the npmrc token was not found: $(e2e_tail "$OUT")"
  grep -q 'maven settings password\|pypirc password' "$OUT" || e2e_die "the settings.xml/.pypirc password was not found"
}

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$P/vendor" "$P/fetch.lock" "$P/.airlock" "$E2E_TMP/cache" "$FOREIGN_LOG")"; then
    e2e_die "canary found: $(tr '\n' ' ' <<<"$hits")"
  fi
  grep -q "$CANARY_TOKEN" "$ORIGIN_LOG" || e2e_die "the origin never saw the npmrc token (sweep would prove nothing)"
}

e2e_case fetch-npmrc-bearer-maven-encrypted-pypirc t_fetch_from_files
e2e_case npm-source-packument-and-tarball-from-npmrc t_npm_source_with_npmrc
e2e_case redirects-carry-no-file-credential t_redirects_carry_nothing
e2e_case pypirc-only-to-its-origin t_pypirc_origin_only
e2e_case npmrc-world-readable-ignored t_world_readable_npmrc
e2e_case scan-finds-file-credentials t_scan_finds_file_values
e2e_case canary-sweep t_canary_sweep
