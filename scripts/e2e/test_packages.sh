#!/usr/bin/env bash
# pypi, maven and npm sources over real HTTPS (nginx): a PEP 503 index behind auth_basic (netrc)
# with one file on a second host, a Maven repository with checksum files and a SNAPSHOT, an npm
# packument and tarball behind a bearer token. Then, with the registry stopped, the ecosystems'
# own clients install from the vendor dir: pip --no-index --find-links, npm ci --offline after
# npm cache add, and mvn -o with a local repository made from vendor/maven. Ends with a canary
# sweep of every output, the vendor tree, the lock and the cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_make_secrets
e2e_make_certs
e2e_make_docroot

FIX="$E2E_TMP/fixtures"
mkdir -p "$FIX"
NPM_CACHE_BUILD="$E2E_TMP/npm-build-cache"
SNAPSHOT_TS="20240101.120000"

# --- fixtures: a wheel, an sdist, a Maven plugin + SNAPSHOT library, an npm tarball ----------------

make_python_dists() { # built with the standard library only
  python3 - "$DOCROOT" <<'PY'
import base64, hashlib, io, os, sys, tarfile, zipfile
docroot = sys.argv[1]
os.makedirs(f"{docroot}/basic/pypi-files", exist_ok=True)
os.makedirs(f"{docroot}/public/pypi", exist_ok=True)
def wheel(version):
    files = {
        "internal_lib/__init__.py": f'__version__ = "{version}"\n\ndef greet(name):\n    return f"hello, {{name}}"\n',
        f"internal_lib-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: internal-lib\nVersion: {version}\n",
        f"internal_lib-{version}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = f"internal_lib-{version}.dist-info/RECORD"
    lines = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(text.encode())}")
    lines.append(f"{record},,")
    files[record] = "\n".join(lines) + "\n"
    with zipfile.ZipFile(f"{docroot}/basic/pypi-files/internal_lib-{version}-py3-none-any.whl", "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
wheel("1.4.1")
wheel("1.4.2")
with tarfile.open(f"{docroot}/public/pypi/internal-lib-1.4.2.tar.gz", "w:gz") as t:
    data = b"Metadata-Version: 2.1\nName: internal-lib\nVersion: 1.4.2\n"
    info = tarfile.TarInfo("internal-lib-1.4.2/PKG-INFO")
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))
PY
}

write_simple_index() { # needs PORT2 (the sdist lives on the other host)
  local d="$DOCROOT/basic/simple/internal-lib" w141 w142 sd
  mkdir -p "$d"
  w141="$(sha256_of "$DOCROOT/basic/pypi-files/internal_lib-1.4.1-py3-none-any.whl")"
  w142="$(sha256_of "$DOCROOT/basic/pypi-files/internal_lib-1.4.2-py3-none-any.whl")"
  sd="$(sha256_of "$DOCROOT/public/pypi/internal-lib-1.4.2.tar.gz")"
  cat >"$d/index.html" <<EOF
<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.0"><title>Links for internal-lib</title></head>
<body><h1>Links for internal-lib</h1>
<a href="../../pypi-files/internal_lib-1.4.1-py3-none-any.whl#sha256=$w141" data-requires-python="&gt;=3.8">internal_lib-1.4.1-py3-none-any.whl</a><br/>
<a href="../../pypi-files/internal_lib-1.4.2-py3-none-any.whl#sha256=$w142" data-requires-python="&gt;=3.8">internal_lib-1.4.2-py3-none-any.whl</a><br/>
<a href="https://127.0.0.2:$PORT2/public/pypi/internal-lib-1.4.2.tar.gz#sha256=$sd">internal-lib-1.4.2.tar.gz</a><br/>
</body></html>
EOF
}

checksums() { # FILE...: .sha512 and .sha1 beside each, as Maven repository managers publish them
  local f
  for f in "$@"; do
    sha512sum "$f" | cut -d' ' -f1 >"$f.sha512"
    sha1sum "$f" | cut -d' ' -f1 >"$f.sha1"
  done
}

make_maven_repo() {
  local src="$FIX/maven" repo="$DOCROOT/basic/maven" api
  mkdir -p "$src/greeting/com/corp/greeting" "$src/plugin/com/corp/hello" "$src/plugin/META-INF/maven"
  cat >"$src/greeting/com/corp/greeting/Greeting.java" <<'EOF'
package com.corp.greeting;
public class Greeting { public static String text() { return "greeting 2.0-SNAPSHOT"; } }
EOF
  cat >"$src/plugin/com/corp/hello/HelloMojo.java" <<'EOF'
package com.corp.hello;
public class HelloMojo extends org.apache.maven.plugin.AbstractMojo {
  public void execute() { getLog().info("hello from the vendored plugin: " + com.corp.greeting.Greeting.text()); }
}
EOF
  cat >"$src/plugin/META-INF/maven/plugin.xml" <<'EOF'
<plugin>
  <name>hello</name><groupId>com.corp</groupId><artifactId>hello-maven-plugin</artifactId><version>1.0.0</version>
  <goalPrefix>hello</goalPrefix>
  <mojos><mojo>
    <goal>hello</goal><requiresProject>false</requiresProject><implementation>com.corp.hello.HelloMojo</implementation>
    <language>java</language><instantiationStrategy>per-lookup</instantiationStrategy>
    <executionStrategy>once-per-session</executionStrategy><threadSafe>true</threadSafe><parameters/>
  </mojo></mojos>
  <dependencies/>
</plugin>
EOF
  api="$(maven_lib maven-plugin-api)"
  javac -nowarn -d "$src/greeting/classes" "$src/greeting/com/corp/greeting/Greeting.java"
  javac -nowarn -cp "$api:$src/greeting/classes" -d "$src/plugin/classes" "$src/plugin/com/corp/hello/HelloMojo.java"
  cp -r "$src/plugin/META-INF" "$src/plugin/classes/"
  local g="$repo/com/corp/greeting/2.0-SNAPSHOT" p="$repo/com/corp/hello-maven-plugin/1.0.0"
  local build="2.0-$SNAPSHOT_TS-1"
  mkdir -p "$g" "$p"
  jar --create --file "$g/greeting-$build.jar" -C "$src/greeting/classes" .
  cat >"$g/greeting-$build.pom" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>com.corp</groupId><artifactId>greeting</artifactId><version>2.0-SNAPSHOT</version></project>
EOF
  cat >"$g/maven-metadata.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<metadata modelVersion="1.1.0">
  <groupId>com.corp</groupId><artifactId>greeting</artifactId><version>2.0-SNAPSHOT</version>
  <versioning>
    <snapshot><timestamp>$SNAPSHOT_TS</timestamp><buildNumber>1</buildNumber></snapshot>
    <lastUpdated>20240101120000</lastUpdated>
    <snapshotVersions>
      <snapshotVersion><extension>jar</extension><value>$build</value><updated>20240101120000</updated></snapshotVersion>
      <snapshotVersion><extension>pom</extension><value>$build</value><updated>20240101120000</updated></snapshotVersion>
    </snapshotVersions>
  </versioning>
</metadata>
EOF
  jar --create --file "$p/hello-maven-plugin-1.0.0.jar" -C "$src/plugin/classes" .
  cat >"$p/hello-maven-plugin-1.0.0.pom" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>com.corp</groupId><artifactId>hello-maven-plugin</artifactId><version>1.0.0</version>
  <packaging>maven-plugin</packaging>
  <dependencies>
    <dependency><groupId>com.corp</groupId><artifactId>greeting</artifactId><version>2.0-SNAPSHOT</version></dependency>
  </dependencies>
</project>
EOF
  checksums "$g"/greeting-"$build".{jar,pom} "$p"/hello-maven-plugin-1.0.0.{jar,pom}
}

# A jar of the Maven running these tests (lib/NAME*.jar beside its launcher).
maven_lib() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$(command -v mvn)")")")"
  find "$home/lib" -maxdepth 1 -name "$1*.jar" -print -quit
}

make_npm_package() {
  local src="$FIX/ui-kit" tgz
  mkdir -p "$src" "$DOCROOT/bearer/npm" "$DOCROOT/npm-meta"
  printf '{"name":"@corp/ui-kit","version":"3.2.1","main":"index.js","license":"UNLICENSED"}\n' >"$src/package.json"
  printf 'module.exports = { button: () => "ui-kit 3.2.1 button" };\n' >"$src/index.js"
  (cd "$src" && npm pack --silent --cache "$NPM_CACHE_BUILD" >/dev/null 2>"$FIX/npm-pack.log")
  tgz="$src/corp-ui-kit-3.2.1.tgz"
  cp "$tgz" "$DOCROOT/bearer/npm/ui-kit-3.2.1.tgz"
  NPM_INTEGRITY="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  packument() { # NAME INTEGRITY
    printf '{"name":"%s","dist-tags":{"latest":"3.2.1"},"versions":{"3.2.1":{"name":"%s","version":"3.2.1",' "$1" "$1"
    printf '"dist":{"tarball":"%s/bearer/npm/ui-kit-3.2.1.tgz","integrity":"%s","shasum":"%s"}}}}\n' \
      "$ORIGIN" "$2" "$(sha1sum "$tgz" | cut -d' ' -f1)"
  }
  packument "@corp/ui-kit" "$NPM_INTEGRITY" >"$DOCROOT/npm-meta/ui-kit.json"
  packument "@corp/bad-kit" "sha512-$(printf 'not the tarball' | openssl dgst -sha512 -binary | base64 -w0)" \
    >"$DOCROOT/npm-meta/bad-kit.json"
}

# Packuments at /npm/@corp%2fNAME (nginx matches the decoded /npm/@corp/NAME), behind the token.
# shellcheck disable=SC2016,SC2034 # nginx variables, not shell ones; read by lib.sh
E2E_NGINX_ORIGIN_EXTRA='
    location ~ ^/npm/@corp/(ui-kit|bad-kit)$ {
      if ($http_authorization != "Bearer '"$CANARY_TOKEN"'") { return 401; }
      types { }
      default_type application/vnd.npm.install-v1+json;
      try_files /npm-meta/$1.json =404;
    }'

make_python_dists
make_maven_repo
e2e_start_nginx
write_simple_index
make_npm_package

CREDS='credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }'
P="$E2E_TMP/proj/packages"
mkdir -p "$P"
export AIRLOCK_CACHE="$E2E_TMP/cache/packages"
cat >"$P/fetch.yaml" <<EOF
version: 1
$CREDS
sources:
  - name: internal-lib
    credentials: corp
    pypi: { index: "$ORIGIN/basic/simple", requirement: "Internal_Lib==1.4.2" }
  - name: hello-plugin
    credentials: corp
    maven: { repository: "$ORIGIN/basic/maven", artifact: "com.corp:hello-maven-plugin:1.0.0" }
  - name: greeting
    credentials: corp
    maven: { repository: "$ORIGIN/basic/maven/", artifact: "com.corp:greeting:2.0-SNAPSHOT" }
  - name: ui-kit
    credentials: tok
    npm: { registry: "$ORIGIN/npm", package: "@corp/ui-kit@3.2.1" }
EOF
V="$P/vendor"

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "$@"
}

expect_same() { # VENDORED SOURCE
  [[ -f "$1" ]] || e2e_die "missing ${1#"$E2E_TMP"/}"
  cmp -s "$1" "$2" || e2e_die "${1#"$E2E_TMP"/} differs from what the registry serves"
}

# --- fetch --------------------------------------------------------------------------------------

t_fetch() {
  local before
  before="$(e2e_log_size "$FOREIGN_LOG")"
  fetch fetch-packages
  e2e_expect_rc 0
  expect_same "$V/pypi/internal_lib-1.4.2-py3-none-any.whl" "$DOCROOT/basic/pypi-files/internal_lib-1.4.2-py3-none-any.whl"
  expect_same "$V/pypi/internal-lib-1.4.2.tar.gz" "$DOCROOT/public/pypi/internal-lib-1.4.2.tar.gz"
  [[ ! -e "$V/pypi/internal_lib-1.4.1-py3-none-any.whl" ]] || e2e_die "1.4.1 was vendored"
  local p="$V/maven/com/corp/hello-maven-plugin/1.0.0" g="$V/maven/com/corp/greeting/2.0-SNAPSHOT"
  expect_same "$p/hello-maven-plugin-1.0.0.jar" "$DOCROOT/basic/maven/com/corp/hello-maven-plugin/1.0.0/hello-maven-plugin-1.0.0.jar"
  expect_same "$g/greeting-2.0-SNAPSHOT.jar" "$DOCROOT/basic/maven/com/corp/greeting/2.0-SNAPSHOT/greeting-2.0-$SNAPSHOT_TS-1.jar"
  [[ "$(cat "$p/hello-maven-plugin-1.0.0.jar.sha1")" == "$(sha1sum "$p/hello-maven-plugin-1.0.0.jar" | cut -d' ' -f1)" ]] ||
    e2e_die "the .sha1 beside the jar is wrong"
  if find "$V/maven" -name '_remote.repositories' -o -name '*.lastUpdated' -o -name 'maven-metadata*' | grep -q .; then
    e2e_die "Maven bookkeeping files in vendor/maven"
  fi
  expect_same "$V/npm/corp-ui-kit-3.2.1.tgz" "$DOCROOT/bearer/npm/ui-kit-3.2.1.tgz"
  local lock="$P/fetch.lock"
  grep -q "version: \"2.0-$SNAPSHOT_TS-1\"" "$lock" || e2e_die "the lock does not pin the SNAPSHOT build"
  grep -qF "integrity: \"$NPM_INTEGRITY\"" "$lock" || e2e_die "the lock lacks the npm integrity"
  grep -q "checksum.hello-maven-plugin-1.0.0.jar: sha512" "$lock" || e2e_die "the jar was not checked with sha512"
  grep -q "url.internal-lib-1.4.2.tar.gz: https://127.0.0.2:$PORT2/public/pypi/internal-lib-1.4.2.tar.gz" "$lock" ||
    e2e_die "the lock lacks the sdist's URL on the other host"
  # The sdist's host got no credentials (netrc has no entry for it; the index's never travel).
  local foreign
  foreign="$(e2e_log_since "$FOREIGN_LOG" "$before")"
  grep -q 'req="GET /public/pypi/internal-lib-1.4.2.tar.gz' <<<"$foreign" || e2e_die "the sdist was not fetched from 127.0.0.2"
  if grep -v 'auth="-"' <<<"$foreign" | grep -q .; then e2e_die "credentials reached the file host"; fi
}

t_requests_as_clients_make_them() {
  grep -q 'req="GET /npm/@corp%2fui-kit HTTP' "$ORIGIN_LOG" || e2e_die "the packument was not requested as @corp%2fui-kit"
  grep -q 'req="GET /basic/simple/internal-lib/ HTTP' "$ORIGIN_LOG" || e2e_die "the index page was not requested by normalised name"
}

t_refetch_and_verify() {
  local digest lock
  digest="$(e2e_tree_digest "$V")"
  lock="$(sha256_of "$P/fetch.lock")"
  fetch refetch-packages
  e2e_expect_rc 0
  grep -q "4 up to date" "$OUT" || e2e_die "second fetch was not a no-op: $(e2e_tail "$OUT")"
  [[ "$(e2e_tree_digest "$V")" == "$digest" && "$(sha256_of "$P/fetch.lock")" == "$lock" ]] || e2e_die "vendor or lock changed"
  e2e_airlock verify-packages verify -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
}

t_integrity_mismatch_places_nothing() {
  local digest lock
  digest="$(e2e_tree_digest "$V")"
  lock="$(sha256_of "$P/fetch.lock")"
  cp "$P/fetch.yaml" "$P/fetch.yaml.good"
  cat >>"$P/fetch.yaml" <<EOF
  - name: bad-kit
    credentials: tok
    npm: { registry: "$ORIGIN/npm", package: "@corp/bad-kit@3.2.1" }
EOF
  fetch bad-integrity
  mv "$P/fetch.yaml.good" "$P/fetch.yaml"
  e2e_expect_rc 3
  grep -q "integrity mismatch" "$ERR" || e2e_die "no integrity message: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$V")" == "$digest" && "$(sha256_of "$P/fetch.lock")" == "$lock" ]] || e2e_die "vendor or lock changed"
}

t_wrong_credentials() {
  local d="$E2E_TMP/proj/wrong"
  mkdir -p "$d"
  cp "$P/fetch.yaml" "$d/fetch.yaml"
  AIRLOCK_CACHE="$E2E_TMP/cache/wrong" e2e_airlock wrong-netrc fetch -f "$d/fetch.yaml" --netrc "$NETRC_WRONG" --ca-cert "$CA_PEM"
  e2e_expect_rc 3
  grep -q "HTTP 401" "$ERR" || e2e_die "no 401 in: $(e2e_tail "$ERR")"
  [[ ! -e "$d/vendor" && ! -e "$d/fetch.lock" ]] || e2e_die "something was written"
}

# --- the real clients, with the registry stopped ---------------------------------------------------

t_pip_installs_offline() {
  local target="$E2E_TMP/pip-target"
  PIP_CONFIG_FILE=/dev/null python3 -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    --no-index --find-links "$V/pypi" --target "$target" "internal-lib==1.4.2" >"$E2E_TMP/pip.log" 2>&1 ||
    e2e_die "pip install failed: $(e2e_tail "$E2E_TMP/pip.log")"
  [[ "$(PYTHONPATH="$target" python3 -c 'import internal_lib; print(internal_lib.__version__, internal_lib.greet("pip"))')" == "1.4.2 hello, pip" ]] ||
    e2e_die "the installed package does not work"
}

t_npm_installs_offline() {
  local proj="$E2E_TMP/npm-proj" cache="$E2E_TMP/npm-cache"
  mkdir -p "$proj"
  npm cache add --cache "$cache" "$V"/npm/*.tgz >"$E2E_TMP/npm.log" 2>&1 || e2e_die "npm cache add failed: $(e2e_tail "$E2E_TMP/npm.log")"
  printf '{"name":"scratch","version":"1.0.0","private":true,"dependencies":{"@corp/ui-kit":"3.2.1"}}\n' >"$proj/package.json"
  # The project's own lock, as a developer would commit it: resolved points at the (stopped) registry.
  cat >"$proj/package-lock.json" <<EOF
{"name":"scratch","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
 "":{"name":"scratch","version":"1.0.0","dependencies":{"@corp/ui-kit":"3.2.1"}},
 "node_modules/@corp/ui-kit":{"version":"3.2.1","resolved":"$ORIGIN/bearer/npm/ui-kit-3.2.1.tgz","integrity":"$NPM_INTEGRITY"}}}
EOF
  (cd "$proj" && npm ci --offline --cache "$cache" --no-audit --no-fund --loglevel=error) >>"$E2E_TMP/npm.log" 2>&1 ||
    e2e_die "npm ci --offline failed: $(e2e_tail "$E2E_TMP/npm.log")"
  [[ "$(cd "$proj" && node -e 'console.log(require("@corp/ui-kit").button())')" == "ui-kit 3.2.1 button" ]] ||
    e2e_die "the installed package does not work"
}

t_mvn_resolves_offline() {
  local repo="$E2E_TMP/m2" pu="$E2E_TMP/m2/org/codehaus/plexus/plexus-utils/1.1"
  mkdir -p "$repo" "$pu"
  cp -r "$V/maven/." "$repo/" # as a Dockerfile would COPY it into the image's local repository
  # Maven 3 adds plexus-utils 1.1 to every plugin's classpath; a used local repository has it.
  cp "$(maven_lib plexus-utils)" "$pu/plexus-utils-1.1.jar"
  printf '<project><modelVersion>4.0.0</modelVersion><groupId>org.codehaus.plexus</groupId><artifactId>plexus-utils</artifactId><version>1.1</version></project>\n' >"$pu/plexus-utils-1.1.pom"
  (cd "$E2E_TMP" && mvn -B -o -Dstyle.color=never -Dmaven.repo.local="$repo" com.corp:hello-maven-plugin:1.0.0:hello) \
    >"$E2E_TMP/mvn.log" 2>&1 || e2e_die "mvn -o failed: $(grep -m3 ERROR "$E2E_TMP/mvn.log" | tr '\n' ' ' | cut -c1-300)"
  grep -q "hello from the vendored plugin: greeting 2.0-SNAPSHOT" "$E2E_TMP/mvn.log" || e2e_die "the plugin did not run"
}

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" "$E2E_TMP/m2" "$E2E_TMP/npm-cache" \
    "$E2E_TMP/pip-target")"; then
    e2e_die "credential found: $hits"
  fi
}

e2e_ensure_jar
e2e_case "packages: fetch pypi (index + foreign file host), maven (release + SNAPSHOT), npm" t_fetch
e2e_case "packages: index by normalised name, packument as @scope%2fname" t_requests_as_clients_make_them
e2e_case "packages: refetch is a no-op, verify passes" t_refetch_and_verify
e2e_case "packages: npm integrity mismatch exits 3, vendor and lock untouched" t_integrity_mismatch_places_nothing
e2e_case "packages: wrong netrc password exits 3, nothing written" t_wrong_credentials
e2e_stop_nginx
e2e_case "packages: pip install --no-index --find-links vendor/pypi (registry stopped)" t_pip_installs_offline
e2e_case "packages: npm cache add + npm ci --offline (registry stopped)" t_npm_installs_offline
e2e_case "packages: mvn -o with a local repository from vendor/maven (registry stopped)" t_mvn_resolves_offline
e2e_case "packages: no credential in outputs, vendor, lock, caches or installs" t_canary_sweep
