#!/usr/bin/env bash
# airlock scan --image with podman: an image built by `podman build --network none` lives only in
# podman's store, so `docker save` cannot find it (or Docker is not installed) and airlock falls
# back to `podman save`. The image carries a planted .netrc, which must be found.
#
# Needs podman and busybox-static (.ci/run installs them); skipped with a FAIL line naming the
# missing tool otherwise.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_make_secrets
e2e_ensure_jar

TAG="localhost/airlock-e2e-podman-$$"
BASE="localhost/airlock-e2e-podman-base-$$"
trap 'rc=$?; set +e; podman rmi -f "$TAG" "$BASE" >/dev/null 2>&1; (exit $rc); e2e_cleanup' EXIT

for tool in podman busybox; do
  command -v "$tool" >/dev/null || { echo "FAIL scan-podman-image: '$tool' not found (apt-get install podman busybox-static)"; exit 0; }
done

podman_image_is_scanned() {
  local root="$E2E_TMP/busybox-root" a
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for a in $(busybox --list); do [[ "$a" == busybox ]] || ln -sf busybox "$root/bin/$a"; done
  tar -C "$root" --owner=0 --group=0 -c . | podman import -c 'ENV PATH=/bin' - "$BASE" >/dev/null
  local P="$E2E_TMP/proj/podman"
  mkdir -p "$P"
  printf 'machine fixture.invalid login u password %s\n' "$CANARY_PW" >"$P/netrc"
  printf 'FROM %s\nCOPY netrc /root/.netrc\n' "$BASE" >"$P/Dockerfile"
  podman build --network none -t "$TAG" "$P" >"$E2E_TMP/podman-build.log" 2>&1 \
    || e2e_die "podman build failed: $(e2e_tail "$E2E_TMP/podman-build.log")"
  if command -v docker >/dev/null && docker image inspect "$TAG" >/dev/null 2>&1; then
    e2e_die "docker has $TAG too: the fallback would not be exercised"
  fi
  e2e_airlock podman-scan scan --image "$TAG" --format json
  e2e_expect_rc 1
  grep -q '"rule" : "credential-file/netrc"' "$OUT" || e2e_die "no netrc finding: $(e2e_tail "$OUT")"
  grep -q 'podman save' "$ERR" || e2e_die "podman save not named on stderr: $(e2e_tail "$ERR")"
}

outputs_hold_no_credential() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out")"; then
    e2e_die "a credential leaked into scan output: $hits"
  fi
}

e2e_case scan-podman-image podman_image_is_scanned
e2e_case scan-podman-outputs-hold-no-credential outputs_hold_no_credential
