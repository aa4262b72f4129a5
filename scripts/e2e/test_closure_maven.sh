#!/usr/bin/env bash
# maven pom: closure from a real project: a couple of dependencies, two BOM imports (Jackson, JUnit),
# JUnit 5 tests and pinned plugins. A real `mvn package` into an empty local repository (Maven
# Central, the only network this needs) makes the repository that nginx then serves on loopback
# behind basic auth over TLS. airlock fetches the project's closure from it; then `mvn -o` builds and
# tests the project from a copy of vendor/maven alone. Also: the resolver's .sha1 check and the
# lock's sha256 refuse a tampered jar (exit 3, nothing placed), a re-run makes no request, a POM
# edit makes --frozen exit 1, a refused download names the artifact, and no credential leaks.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/maven_fixture.sh"
e2e_init
e2e_make_secrets
e2e_make_certs
e2e_make_docroot

PROJ="$E2E_TMP/proj/app"
REPO="$DOCROOT/basic/m2"
SEED="$E2E_TMP/seed-repo"
EMPTY_SETTINGS="$E2E_TMP/empty-settings.xml"
printf '<settings/>\n' >"$EMPTY_SETTINGS"

make_project
make_repository
e2e_start_nginx

W="$E2E_TMP/proj"
V="$W/vendor"
export AIRLOCK_CACHE="$E2E_TMP/cache/closure"
cat >"$W/fetch.yaml" <<EOF
version: 1
docker: { base: "maven:3.9-eclipse-temurin-17" }
credentials:
  corp: { netrc: {} }
sources:
  - name: app
    credentials: corp
    maven:
      repository: "$ORIGIN/basic/m2"
      pom: app/pom.xml
EOF

fetch() { # LABEL [ARGS...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$W/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "$@"
}

mvn_offline() { # REPO LOG: mvn -o package of the project from REPO alone
  rm -rf "$PROJ/target"
  (cd "$PROJ" && HOME="$E2E_TMP/home" mvn -B -o -s "$EMPTY_SETTINGS" -Dstyle.color=never -Dmaven.repo.local="$1" package) \
    >"$2" 2>&1
}

t_fetch() {
  fetch closure-fetch
  e2e_expect_rc 0
  local jar="$V/maven/com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar"
  cmp -s "$jar" "$REPO/com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar" ||
    e2e_die "jackson-databind not vendored as served"
  [[ -f "$V/maven/com/fasterxml/jackson/jackson-bom/2.17.2/jackson-bom-2.17.2.pom" ]] || e2e_die "the BOM's POM is missing"
  [[ -f "$V/maven/org/apache/maven/surefire/surefire-junit-platform/3.2.5/surefire-junit-platform-3.2.5.jar" ]] ||
    e2e_die "surefire's JUnit Platform provider is missing"
  [[ -f "$V/maven/org/apache/maven/plugins/maven-compiler-plugin/3.13.0/maven-compiler-plugin-3.13.0.jar" ]] ||
    e2e_die "the compiler plugin is missing"
  if find "$V/maven" -name '_remote.repositories' -o -name '*.lastUpdated' -o -name 'maven-metadata*' | grep -q .; then
    e2e_die "Maven bookkeeping files in vendor/maven"
  fi
  local f
  while IFS= read -r f; do
    [[ "$(cat "$f.sha1")" == "$(sha1sum "$f" | cut -d' ' -f1)" ]] || e2e_die "no or wrong .sha1 for ${f#"$V"/}"
  done < <(find "$V/maven" -type f ! -name '*.sha1')
  [[ -z "$(find "$V/maven" -path '*/demo/closure-demo/*')" ]] || e2e_die "the project itself was vendored"
}

t_mvn_offline() {
  rm -rf "$E2E_TMP/m2"
  cp -r "$V/maven" "$E2E_TMP/m2"
  mvn_offline "$E2E_TMP/m2" "$E2E_TMP/mvn-offline.log" ||
    e2e_die "mvn -o package failed: $(grep -m3 ERROR "$E2E_TMP/mvn-offline.log" | tr '\n' ' ' | cut -c1-400)"
  grep -q "Tests run: 1, Failures: 0, Errors: 0" "$E2E_TMP/mvn-offline.log" || e2e_die "the tests did not run"
  [[ -f "$PROJ/target/closure-demo-1.0.0.jar" ]] || e2e_die "no jar built"
}

# What the generated Dockerfile sets, applied by a real Maven 3.9 (from Central) with an empty local
# repository of its own: the vendored tree is a read-only tail; `mvn -o package` passes unchanged.
t_dockerfile_maven_args() {
  e2e_airlock closure-dockerfile dockerfile -f "$W/fetch.yaml"
  e2e_expect_rc 0
  local env args m39="$E2E_TMP/apache-maven-3.9.16"
  env="$(grep '^ENV MAVEN_ARGS=' "$W/Dockerfile")" || e2e_die "no ENV MAVEN_ARGS in the Dockerfile"
  grep -q 'MAVEN_OPTS' "$W/Dockerfile" && e2e_die "the Dockerfile still sets MAVEN_OPTS (hides the image's repository)"
  args="$(sed -E 's/^ENV MAVEN_ARGS="([^$]*)\$\{MAVEN_ARGS.*$/\1/' <<<"$env")"
  [[ "$args" == "-Dmaven.repo.local.tail=/opt/vendor/maven" ]] || e2e_die "unexpected MAVEN_ARGS: $env"
  if [[ ! -x "$m39/bin/mvn" ]]; then
    curl -sf https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.tar.gz |
      tar -xz -C "$E2E_TMP" || e2e_die "could not download Maven 3.9.16 from Central"
  fi
  rm -rf "$E2E_TMP/tail" "$E2E_TMP/head" "$PROJ/target"
  cp -r "$V/maven" "$E2E_TMP/tail"
  (cd "$PROJ" && HOME="$E2E_TMP/home" MAVEN_ARGS="${args/\/opt\/vendor\/maven/$E2E_TMP/tail}" \
    "$m39/bin/mvn" -B -o -s "$EMPTY_SETTINGS" -Dstyle.color=never -Dmaven.repo.local="$E2E_TMP/head" package) \
    >"$E2E_TMP/mvn39.log" 2>&1 ||
    e2e_die "Maven 3.9 with the Dockerfile's MAVEN_ARGS failed: $(grep -m3 ERROR "$E2E_TMP/mvn39.log" | tr '\n' ' ' | cut -c1-400)"
  grep -q "Tests run: 1, Failures: 0, Errors: 0" "$E2E_TMP/mvn39.log" || e2e_die "the tests did not run"
}

t_rerun_no_request() {
  local before
  before="$(e2e_log_size "$ORIGIN_LOG")"
  fetch closure-rerun
  e2e_expect_rc 0
  rm -rf "$V" "$W/.airlock"
  fetch closure-refetch-from-cache
  e2e_expect_rc 0
  [[ "$(e2e_log_size "$ORIGIN_LOG")" == "$before" ]] || e2e_die "a re-run made requests: $(e2e_log_since "$ORIGIN_LOG" "$before" | head -3)"
  e2e_airlock closure-verify verify -f "$W/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
}

# The server's jar changes (with a matching .sha1, so only the lock can tell): exit 3, nothing placed.
t_tampered_jar_locked() {
  local jar="$REPO/org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar" digest
  cp "$jar" "$E2E_TMP/orig.jar"
  printf 'tampered' >>"$jar"
  sha1sum "$jar" | cut -d' ' -f1 >"$jar.sha1"
  digest="$(e2e_tree_digest "$V")"
  rm -rf "$V/maven/org/apache/commons/commons-text" "$W/.airlock"
  digest="$(e2e_tree_digest "$V")"
  AIRLOCK_CACHE="$E2E_TMP/cache/empty1" fetch closure-tampered-locked
  cp "$E2E_TMP/orig.jar" "$jar"
  sha1sum "$jar" | cut -d' ' -f1 >"$jar.sha1"
  e2e_expect_rc 3
  grep -q "sha256 mismatch" "$ERR" || e2e_die "no sha256 mismatch message: $(e2e_tail "$ERR")"
  [[ "$(e2e_tree_digest "$V")" == "$digest" ]] || e2e_die "the vendor dir changed"
  fetch closure-repair
  e2e_expect_rc 0
}

# No lock yet, the jar no longer matches the .sha1 the repository publishes: exit 3, nothing placed.
t_tampered_jar_sha1() {
  local jar="$REPO/org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar" lock
  cp "$jar" "$E2E_TMP/orig.jar"
  printf 'tampered' >>"$jar"
  lock="$(sha256sum "$W/fetch.lock")"
  mv "$W/fetch.lock" "$W/fetch.lock.keep"
  AIRLOCK_CACHE="$E2E_TMP/cache/empty2" fetch closure-tampered-sha1
  cp "$E2E_TMP/orig.jar" "$jar"
  mv "$W/fetch.lock.keep" "$W/fetch.lock"
  e2e_expect_rc 3
  grep -q "sha1 mismatch" "$ERR" || e2e_die "no sha1 mismatch message: $(e2e_tail "$ERR")"
  grep -q "commons-text-1.12.0.jar" "$ERR" || e2e_die "the message does not name the jar: $(e2e_tail "$ERR")"
  [[ "$(sha256sum "$W/fetch.lock")" == "$lock" ]] || e2e_die "the lock changed"
}

t_pom_edit_frozen() {
  cp "$PROJ/pom.xml" "$E2E_TMP/pom.keep"
  sed -i 's#<version>1.12.0</version>#<version>1.11.0</version>#' "$PROJ/pom.xml"
  fetch closure-frozen --frozen
  cp "$E2E_TMP/pom.keep" "$PROJ/pom.xml"
  e2e_expect_rc 1
  grep -q "app" "$ERR" || e2e_die "the message does not name the source: $(e2e_tail "$ERR")"
}

# A wrong password: the refused download is named (a POM or jar), not a checksum probe.
t_refused_names_artifact() {
  local bad="$E2E_TMP/netrc-bad"
  printf 'machine 127.0.0.1 login %s password wrong-%s\n' "$CANARY_USER" "$RANDOM" >"$bad"
  chmod 600 "$bad"
  mv "$W/fetch.lock" "$W/fetch.lock.keep"
  AIRLOCK_CACHE="$E2E_TMP/cache/empty3" e2e_airlock closure-401 fetch -f "$W/fetch.yaml" --netrc "$bad" --ca-cert "$CA_PEM"
  mv "$W/fetch.lock.keep" "$W/fetch.lock"
  e2e_expect_rc 3
  grep -q "HTTP 401" "$ERR" || e2e_die "no 401 in: $(e2e_tail "$ERR")"
  grep -Eq 'HTTP 401 from [^ ]*\.(pom|jar) ' "$ERR" || e2e_die "the 401 does not name a POM or jar: $(e2e_tail "$ERR")"
  if grep -Eq 'HTTP 401 from [^ ]*\.(sha1|sha256|sha512|md5)' "$ERR"; then e2e_die "a checksum probe was blamed"; fi
}

t_canary_sweep() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$W" "$E2E_TMP/cache" "$E2E_TMP/m2" "$E2E_TMP/tail" "$E2E_TMP/head")"; then
    e2e_die "credential found: $hits"
  fi
}

e2e_ensure_jar
e2e_case "closure-maven: fetch a real project's closure (deps, BOMs, parents, plugins, provider) over TLS + basic auth" t_fetch
e2e_case "closure-maven: mvn -o package (tests run) from a copy of vendor/maven alone" t_mvn_offline
e2e_case "closure-maven: the Dockerfile's MAVEN_ARGS (a read-only tail) lets Maven 3.9 build offline with its own empty repository" t_dockerfile_maven_args
e2e_case "closure-maven: a re-run and a refetch into an empty vendor dir make no request; verify passes" t_rerun_no_request
e2e_case "closure-maven: a jar changed on the server (matching .sha1) exits 3 against the lock, nothing placed" t_tampered_jar_locked
e2e_case "closure-maven: a jar not matching its .sha1 exits 3, the lock unchanged" t_tampered_jar_sha1
e2e_case "closure-maven: editing pom.xml makes fetch --frozen exit 1" t_pom_edit_frozen
e2e_case "closure-maven: a refused download names the artifact, not a checksum probe" t_refused_names_artifact
e2e_case "closure-maven: no credential in outputs, vendor, lock, cache or the offline build's repository" t_canary_sweep
