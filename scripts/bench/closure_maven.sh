#!/usr/bin/env bash
# Maven closure speed: `airlock fetch` of a real project's pom: closure vs `mvn dependency:go-offline`
# into an empty local repository, both against the same loopback repository (the e2e nginx: TLS,
# HTTP/2 for airlock, basic auth), made by a real `mvn package` of the project (network: Maven
# Central, once). Cold for both: no vendor dir, lock or airlock cache; an empty Maven local
# repository. The contenders alternate round by round; best of REPS; ratio airlock / mvn (target
# <= 0.5). Usage: scripts/bench/closure_maven.sh [REPS]   (default 3)
set -euo pipefail
REPS="${1:-3}"
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/../e2e/maven_fixture.sh"
e2e_init
e2e_ensure_jar
e2e_make_secrets
e2e_make_certs
e2e_make_docroot >/dev/null 2>&1
AIRLOCK=("$E2E_ROOT/scripts/airlock")
B="$E2E_TMP/bench"
mkdir -p "$B"
PROJ="$B/proj/app"
REPO="$DOCROOT/basic/m2"
SEED="$E2E_TMP/seed-repo"
EMPTY_SETTINGS="$E2E_TMP/empty-settings.xml"
printf '<settings/>\n' >"$EMPTY_SETTINGS"
GO_OFFLINE="org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline"
# the served repository also holds what go-offline itself needs, so the baseline can run against it
MAVEN_FIXTURE_GOALS="$GO_OFFLINE" make_project
MAVEN_FIXTURE_GOALS="$GO_OFFLINE" make_repository
e2e_start_nginx >/dev/null 2>&1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

cat >"$B/proj/fetch.yaml" <<EOF
version: 1
credentials:
  corp: { netrc: {} }
sources:
  - name: app
    credentials: corp
    maven: { repository: "$ORIGIN/basic/m2", pom: app/pom.xml }
EOF
cat >"$B/settings.xml" <<EOF
<settings>
  <mirrors><mirror><id>bench</id><mirrorOf>*</mirrorOf><url>$ORIGIN/basic/m2</url></mirror></mirrors>
  <servers><server><id>bench</id><username>$CANARY_USER</username><password>$CANARY_PW</password></server></servers>
</settings>
EOF
keytool -importcert -noprompt -alias e2e -file "$CA_PEM" -keystore "$B/trust.p12" -storetype PKCS12 \
  -storepass bench-store >/dev/null 2>&1

run_airlock() {
  rm -rf "$B/proj/vendor" "$B/proj/fetch.lock" "$B/proj/.airlock" "$B/cache"
  AIRLOCK_CACHE="$B/cache" "${AIRLOCK[@]}" fetch -q --no-progress -f "$B/proj/fetch.yaml" --netrc "$NETRC_FILE" \
    --ca-cert "$CA_PEM" >/dev/null 2>"$B/airlock.err" || { cat "$B/airlock.err" >&2; return 1; }
}
run_mvn() {
  rm -rf "$B/mvnrepo"
  (cd "$PROJ" && HOME="$E2E_TMP/home" \
    MAVEN_OPTS="-Djavax.net.ssl.trustStore=$B/trust.p12 -Djavax.net.ssl.trustStorePassword=bench-store -Djavax.net.ssl.trustStoreType=PKCS12" \
    mvn -B -q -s "$B/settings.xml" -Dmaven.repo.local="$B/mvnrepo" "$GO_OFFLINE") >"$B/mvn.log" 2>&1 ||
    { tail -20 "$B/mvn.log" >&2; return 1; }
}

# Warm-up outside the timings (the jar's class-data archive, the page cache for both).
"${AIRLOCK[@]}" --version >/dev/null
run_airlock
run_mvn

best_a="" best_m=""
for rep in $(seq 1 "$REPS"); do
  t0="$(now)"; run_airlock; t1="$(now)"
  a="$(elapsed "$t0" "$t1")"
  t0="$(now)"; run_mvn; t1="$(now)"
  m="$(elapsed "$t0" "$t1")"
  printf '# round %s: airlock %ss, mvn dependency:go-offline %ss\n' "$rep" "$a" "$m" >&2
  best_a="$(printf '%s\n%s\n' "$a" "${best_a:-$a}" | sort -n | head -1)"
  best_m="$(printf '%s\n%s\n' "$m" "${best_m:-$m}" | sort -n | head -1)"
done
files="$(find "$B/proj/vendor/maven" -type f ! -name '*.sha1' | wc -l)"
mfiles="$(find "$B/mvnrepo" -type f \( -name '*.jar' -o -name '*.pom' \) | wc -l)"
printf 'maven closure: airlock fetch %ss (%s jars/poms) vs mvn dependency:go-offline %ss (%s jars/poms): ratio %s (target <= 0.5)\n' \
  "$best_a" "$files" "$best_m" "$mfiles" "$(awk -v a="$best_a" -v m="$best_m" 'BEGIN { printf "%.2f", a / m }')"
