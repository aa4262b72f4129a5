#!/usr/bin/env bash
# airlock scan of real images, for findings users can live with: an image holding Debian's
# `maven` package (its /etc/maven/settings.xml has example passwords inside XML comments) scans
# clean, `-q` prints nothing but findings, and a reviewed finding accepted in .airlockignore stays
# accepted on two runs in text, JSON and SARIF (same fingerprint everywhere).
#
# Needs docker.io and busybox-static (.ci/run installs them); the maven package is taken with
# `apt-get download maven`, or from this machine's installed package when that is not possible.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_make_secrets
e2e_ensure_jar

IMG_BUSYBOX=airlock-e2e/busybox:1
TAG_PREFIX="airlock-e2e-scanmvn-$$"
trap 'rc=$?; set +e; e2e_docker_rm_images "$TAG_PREFIX"; e2e_docker_stop; (exit $rc); e2e_cleanup' EXIT

command -v busybox >/dev/null || {
  echo "FAIL scan-maven-docker-engine: 'busybox' not found (apt-get install docker.io busybox-static)"
  exit 0
}
e2e_docker_start scan-maven-docker-engine || exit 0
e2e_busybox_image "$IMG_BUSYBOX" || { echo "FAIL scan-maven-docker-engine: could not make $IMG_BUSYBOX"; exit 0; }

P="$E2E_TMP/proj/mvn"
mkdir -p "$P/rootfs"

maven_rootfs() {
  if (cd "$E2E_TMP" && apt-get download maven >/dev/null 2>&1) && ls "$E2E_TMP"/maven_*.deb >/dev/null 2>&1; then
    dpkg-deb -x "$E2E_TMP"/maven_*.deb "$P/rootfs"
    e2e_log "maven from $(basename "$E2E_TMP"/maven_*.deb)"
  elif dpkg -L maven >/dev/null 2>&1; then
    dpkg -L maven | while IFS= read -r f; do
      [[ -f "$f" || -L "$f" ]] && { mkdir -p "$P/rootfs$(dirname "$f")"; cp -a "$f" "$P/rootfs$f"; }
    done
    e2e_log "maven from this machine's installed package"
  else
    e2e_die "neither apt-get download maven nor an installed maven package"
  fi
  [[ -f "$P/rootfs/etc/maven/settings.xml" ]] || e2e_die "the maven package has no /etc/maven/settings.xml"
  grep -q '<password>' "$P/rootfs/etc/maven/settings.xml" || e2e_die "expected commented example passwords"
}

build() { # TAG DOCKERFILE_TEXT
  printf '%s\n' "$2" >"$P/Dockerfile.$1"
  DOCKER_BUILDKIT=0 docker build --network none --no-cache -f "$P/Dockerfile.$1" -t "$TAG_PREFIX-$1" "$P" \
    >"$E2E_TMP/build-$1.log" 2>&1 || e2e_die "docker build $1 failed: $(e2e_tail "$E2E_TMP/build-$1.log")"
}

debian_maven_image_scans_clean() {
  maven_rootfs
  build maven "FROM $IMG_BUSYBOX
COPY rootfs/ /"
  e2e_airlock mvn-scan scan --image "$TAG_PREFIX-maven"
  e2e_expect_rc 0
  grep -q 'clean: no credential found' "$OUT" || e2e_die "not clean: $(e2e_tail "$OUT")"
  e2e_airlock mvn-scan-q scan -q --image "$TAG_PREFIX-maven"
  e2e_expect_rc 0
  [[ ! -s "$OUT" ]] || e2e_die "-q printed more than findings: $(e2e_tail "$OUT")"
  [[ ! -s "$ERR" ]] || e2e_die "-q printed on stderr: $(e2e_tail "$ERR")"
}

accepted_finding_stays_accepted() {
  mkdir -p "$P/fixture"
  printf 'machine fixture.invalid login u password %s\n' "$CANARY_PW" >"$P/fixture/.netrc"
  build accept "FROM $IMG_BUSYBOX
COPY fixture/.netrc /srv/fixture/.netrc"
  (
    cd "$P"
    e2e_airlock acc-first scan --image "$TAG_PREFIX-accept" --format json
    e2e_expect_rc 1
    local fp
    fp="$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print(f[0]["fingerprint"] if len(f)==1 else "")' "$OUT")"
    [[ "$fp" == fp:* ]] || e2e_die "expected one finding with a fingerprint: $(e2e_tail "$OUT")"
    printf '# reviewed\n%s  a test fixture for a host that does not exist\n' "$fp" >"$P/.airlockignore"
    local run fmt
    for run in 1 2; do
      for fmt in text json sarif; do
        e2e_airlock "acc-$run-$fmt" scan --image "$TAG_PREFIX-accept" --format "$fmt"
        e2e_expect_rc 0
        grep -q "$fp" "$OUT" || e2e_die "run $run $fmt: $fp not in the report"
      done
      grep -q '"status" : "accepted"' "$E2E_TMP/out/"*"-acc-$run-sarif.out" || e2e_die "run $run: no SARIF suppression"
    done
  )
}

e2e_case scan-debian-maven-image-clean debian_maven_image_scans_clean
e2e_case scan-accepted-finding-stays-accepted accepted_finding_stays_accepted
outputs_hold_no_credential() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out")"; then
    e2e_die "a credential leaked into scan output: $hits"
  fi
}
e2e_case scan-maven-outputs-hold-no-credential outputs_hold_no_credential
