#!/usr/bin/env bash
# airlock scan end to end with a real Docker engine: build the seed's two insecure images
# (COPY .netrc then RUN rm; --build-arg TOKEN) and a clean, airlock-style one with the legacy
# builder and --network none, then check the verdicts of `airlock scan --image REF` (docker save)
# and `--image-archive FILE`: where the secret is (layer, path, history; config history) and that
# the clean image passes with every layer scanned. No output may hold a credential.
#
# Needs docker.io and busybox-static (.ci/run installs them). dockerd is started here if none
# answers, and stopped at exit only if it was started here.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_make_secrets
e2e_ensure_jar

IMG_BUSYBOX=airlock-e2e/busybox:1
TAG_PREFIX="airlock-e2e-scan-$$"
docker_cleanup() {
  e2e_docker_rm_images "$TAG_PREFIX"
  e2e_docker_stop
}
trap 'rc=$?; set +e; docker_cleanup; (exit $rc); e2e_cleanup' EXIT

command -v busybox >/dev/null || {
  echo "FAIL scan-docker-engine: 'busybox' not found (apt-get install docker.io busybox-static)"
  exit 0
}
e2e_docker_start scan-docker-engine || exit 0
if ! e2e_busybox_image "$IMG_BUSYBOX"; then
  echo "FAIL scan-docker-engine: could not make $IMG_BUSYBOX"
  exit 0
fi

# The project: a manifest naming the credentials (netrc password, token) the scan looks for.
P="$E2E_TMP/proj/scan"
mkdir -p "$P/vendor/files/model"
NETRC_FILE="$HOME/.netrc"
printf 'machine 127.0.0.1 login %s password %s\n' "$CANARY_USER" "$CANARY_PW" >"$NETRC_FILE"
chmod 600 "$NETRC_FILE"
cat >"$P/fetch.yaml" <<'YAML'
version: 1
vendor: vendor
credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }
sources:
  - { name: model, credentials: tok, http: { url: "https://127.0.0.1/bearer/b.bin" } }
YAML
printf 'model bytes\n' >"$P/vendor/files/model/b.bin"
tar -C "$P/vendor/files/model" -czf "$P/vendor/files/model/bundle.tgz" b.bin

build() { # TAG DOCKERFILE_TEXT [docker build args...]
  local tag="$1" text="$2"
  shift 2
  printf '%s\n' "$text" >"$P/Dockerfile.$tag"
  if ! DOCKER_BUILDKIT=0 docker build --network none --no-cache -f "$P/Dockerfile.$tag" -t "$TAG_PREFIX-$tag" \
    "$@" "$P" >"$E2E_TMP/build-$tag.log" 2>&1; then
    e2e_die "docker build $tag failed: $(e2e_tail "$E2E_TMP/build-$tag.log")"
  fi
}

# json_has FILE RULE [DISPLAY_REGEX [NOTE_REGEX [SUBJECT]]]: a finding with that rule (and location).
json_has() {
  python3 - "$@" <<'PY'
import json, re, sys
f, rule = sys.argv[1], sys.argv[2]
where = sys.argv[3] if len(sys.argv) > 3 else ""
note = sys.argv[4] if len(sys.argv) > 4 else ""
subject = sys.argv[5] if len(sys.argv) > 5 else ""
for x in json.load(open(f))["findings"]:
    loc = x["location"]
    if (x["rule"] == rule and re.search(where, loc["display"]) and re.search(note, loc.get("note", ""))
            and (not subject or x["subject"] == subject)):
        sys.exit(0)
sys.exit(1)
PY
}

scan_image() { # LABEL REF: airlock scan --image REF --format json (cases run in $P)
  e2e_airlock "$1" scan --image "$2" --format json
}

t_netrc_copied_then_removed() {
  cd "$P"
  cp "$NETRC_FILE" "$P/.netrc"
  build netrc "FROM $IMG_BUSYBOX
COPY .netrc /root/.netrc
RUN wc -c /root/.netrc >/dev/null && rm /root/.netrc"
  rm -f "$P/.netrc"
  docker run --rm --network none "$TAG_PREFIX-netrc" test ! -e /root/.netrc ||
    e2e_die "the final image still shows /root/.netrc (the test would prove nothing)"
  scan_image scan-netrc "$TAG_PREFIX-netrc"
  e2e_expect_rc 1
  json_has "$OUT" credential-file/netrc '!/layer 2/3 (sha256:)?[0-9a-f]{12}!/root/\.netrc:1$' \
    'in image history: deleted by layer 3 of 3' ||
    e2e_die "no .netrc finding in layer 2 marked deleted: $(e2e_tail "$OUT")"
  json_has "$OUT" known-secret '!/root/\.netrc:1$' 'deleted' 'netrc:127.0.0.1' ||
    e2e_die "the netrc password was not recognised as the manifest's: $(e2e_tail "$OUT")"
}

t_build_arg_in_history() {
  cd "$P"
  build buildarg "FROM $IMG_BUSYBOX
ARG TOKEN
RUN test -n \"\$TOKEN\" && echo fetched > /tmp/ok" --build-arg "TOKEN=$CANARY_TOKEN"
  scan_image scan-buildarg "$TAG_PREFIX-buildarg"
  e2e_expect_rc 1
  json_has "$OUT" image/build-arg '!/config sha256:[0-9a-f]{12}!/history/[0-9]+/created_by$' ||
    e2e_die "no build-arg finding in the config history: $(e2e_tail "$OUT")"
  json_has "$OUT" known-secret 'created_by' '' tok ||
    e2e_die "the token was not recognised as the manifest's: $(e2e_tail "$OUT")"
  e2e_airlock scan-buildarg-text scan --image "$TAG_PREFIX-buildarg"
  e2e_expect_rc 1
  grep -q '^  fix: Never pass secrets with --build-arg' "$OUT" || e2e_die "no fix hint: $(e2e_tail "$OUT")"
}

t_clean_image_passes() {
  cd "$P"
  build clean "FROM $IMG_BUSYBOX
COPY vendor/ /opt/vendor/"
  scan_image scan-clean "$TAG_PREFIX-clean"
  e2e_expect_rc 0
  python3 - "$OUT" <<'PY' || e2e_die "coverage incomplete: $(e2e_tail "$OUT")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["clean"] and not r["findings"]
layers = [c for c in r["coverage"] if "!/layer " in c["input"]]
assert len(layers) == 2, layers
assert all(c["status"] == "scanned" for c in r["coverage"])
PY
  docker save -o "$E2E_TMP/clean.tar" "$TAG_PREFIX-clean"
  e2e_airlock scan-clean-archive scan --image-archive "$E2E_TMP/clean.tar"
  e2e_expect_rc 0
  grep -q '^clean: no credential found' "$OUT" || e2e_die "text verdict missing: $(e2e_tail "$OUT")"
}

t_insecure_dockerfiles_fail() {
  cd "$P"
  e2e_airlock scan-dockerfile-netrc scan --dockerfile Dockerfile.netrc --format json
  e2e_expect_rc 1
  json_has "$OUT" dockerfile/copy-credentials 'Dockerfile.netrc:2' || e2e_die "$(e2e_tail "$OUT")"
  e2e_airlock scan-dockerfile-arg scan --dockerfile Dockerfile.buildarg --format json
  e2e_expect_rc 1
  json_has "$OUT" dockerfile/secret-arg 'Dockerfile.buildarg:2' || e2e_die "$(e2e_tail "$OUT")"
  e2e_airlock scan-dockerfile-clean scan --dockerfile Dockerfile.clean
  e2e_expect_rc 0
}

t_outputs_hold_no_credential() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out")"; then
    e2e_die "a credential leaked into scan output: $hits"
  fi
}

e2e_case scan-image-netrc-copied-then-removed t_netrc_copied_then_removed
e2e_case scan-image-build-arg-in-history t_build_arg_in_history
e2e_case scan-image-clean-passes t_clean_image_passes
e2e_case scan-dockerfiles t_insecure_dockerfiles_fail
e2e_case scan-outputs-hold-no-credential t_outputs_hold_no_credential
