#!/usr/bin/env bash
# airlock dockerfile end to end with a real Docker engine: fetch from the loopback nginx with
# credentials, generate the Dockerfile and .dockerignore, build with the legacy builder and
# `--network none`, and prove that the image holds every vendored file and no credential.
#
# Docker Hub is out of reach, so the base images are made here: a busybox-static root (COPY-only
# checks) and a `debootstrap --variant=minbase --include=python3-pip,nodejs bookworm` root with
# Debian's npm added by apt-get inside it (the pip and npm checks; debootstrap's own resolver
# cannot configure npm's dependencies), both `docker import`ed. The debootstrap tarball is cached in
# ${AIRLOCK_E2E_CACHE:-~/.cache/airlock-e2e} between local runs and built fresh when CI=true
# (1.5 to 5.5 min on the CI machine with pip alone; with nodejs and npm, 7 min on a busy 2-core
# machine; past 8 min for debootstrap, or for npm's apt-get, CI skips the pip and npm checks
# and says so on stderr; a local run allows 20 min and fails past that). dockerd is started here if none answers, and stopped at exit
# only if it was started here. Containers get no network: builds and runs use --network none and
# a dockerd started here has no bridge.
set -euo pipefail
REAL_HOME="$HOME"
. "$(dirname "$0")/lib.sh"
NPM_FIXTURE_DEPS='{"express":"4.21.2"}' # a small real closure for the image's npm ci
. "$(dirname "$0")/npm_closure_fixture.sh"
e2e_init

IMG_BUSYBOX=airlock-e2e/busybox:1
IMG_PIP=airlock-e2e/bookworm-pip-node:1
TAG_PREFIX="airlock-e2e-test-$$"
E2E_CACHE_DIR="${AIRLOCK_E2E_CACHE:-$REAL_HOME/.cache/airlock-e2e}"
t_start=$SECONDS
phase() { e2e_log "$1: $((SECONDS - t_phase))s"; t_phase=$SECONDS; }
t_phase=$SECONDS

# debootstrap mounts /proc and /sys inside its target and unmounts them when it exits, even on
# TERM; if it was killed harder, unmount them here before anything removes the folder.
unmount_under() { # DIR
  local m
  [[ -n "$1" ]] || return 0
  awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r | while IFS= read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

docker_cleanup() {
  unmount_under "$E2E_TMP"
  e2e_docker_rm_images "$TAG_PREFIX"
  e2e_docker_stop
}
trap 'rc=$?; set +e; docker_cleanup; (exit $rc); e2e_cleanup' EXIT

# --- the engine ------------------------------------------------------------------------------

e2e_docker_start docker-engine || exit 0
phase "docker engine"

# --- base images -----------------------------------------------------------------------------

PIP_IMAGE_OK=0
PIP_SKIPPED=""
# Measured on the CI machine: 1.5 to 5.5 min, depending on the mirror. Past the limit, CI skips the
# pip check (saying so) rather than spend its budget; a local run waits longer and fails instead.
DEBOOTSTRAP_LIMIT="${AIRLOCK_E2E_DEBOOTSTRAP_LIMIT:-$([[ "${CI:-}" == true ]] && echo 480 || echo 1200)}"
make_pip_image() {
  if [[ "${CI:-}" != true ]] && docker image inspect "$IMG_PIP" >/dev/null 2>&1; then
    return 0
  fi
  local tarball mirror t0=$SECONDS
  if [[ "${CI:-}" == true ]]; then
    tarball="$E2E_TMP/bookworm-pip-node.tar" # built fresh in CI
  else
    mkdir -p "$E2E_CACHE_DIR"
    tarball="$E2E_CACHE_DIR/bookworm-pip-node-minbase.tar"
  fi
  if [[ ! -s "$tarball" ]]; then
    mirror="$(e2e_debian_mirror)" || { echo "no bookworm mirror found in /etc/apt/sources.list*" >&2; return 1; }
    e2e_log "debootstrap --variant=minbase --include=python3-pip,nodejs bookworm from $mirror, then npm"
    local root="$E2E_TMP/bookworm-root"
    local rc=0
    timeout "$DEBOOTSTRAP_LIMIT" debootstrap --variant=minbase --include=python3-pip,nodejs bookworm "$root" "$mirror" \
      >"$E2E_TMP/debootstrap.log" 2>&1 || rc=$?
    if ((rc == 124)) && [[ "${CI:-}" == true ]]; then
      PIP_SKIPPED="debootstrap took more than ${DEBOOTSTRAP_LIMIT}s (a slow mirror) and CI has 90 minutes for everything"
      return 1
    elif ((rc != 0)); then
      echo "debootstrap failed (exit $rc): $(e2e_tail "$E2E_TMP/debootstrap.log")" >&2
      return 1
    fi
    # debootstrap's resolver leaves npm's node-* dependencies unconfigured; apt resolves them.
    rc=0
    timeout "$DEBOOTSTRAP_LIMIT" chroot "$root" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends npm >>"$E2E_TMP/debootstrap.log" 2>&1 || rc=$?
    if ((rc != 0)); then
      unmount_under "$root"
      if ((rc == 124)) && [[ "${CI:-}" == true ]]; then
        PIP_SKIPPED="apt-get install npm took more than ${DEBOOTSTRAP_LIMIT}s (a slow mirror)"
      else
        echo "apt-get install npm in the bookworm root failed (exit $rc): $(e2e_tail "$E2E_TMP/debootstrap.log")" >&2
      fi
      return 1
    fi
    chroot "$root" apt-get clean >/dev/null 2>&1 || true
    tar -C "$root" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    unmount_under "$root"
    rm -rf "$root"
    e2e_log "debootstrap + tar: $((SECONDS - t0))s"
  fi
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$IMG_PIP" >/dev/null
  [[ "${CI:-}" == true ]] && rm -f "$tarball"
  return 0
}

if ! e2e_busybox_image "$IMG_BUSYBOX"; then
  echo "FAIL docker-base-image-busybox: could not make $IMG_BUSYBOX"
  exit 0
fi
phase "busybox image"
if make_pip_image; then PIP_IMAGE_OK=1; fi
phase "bookworm+pip+node image"

# --- fixtures on the loopback nginx ------------------------------------------------------------

e2e_setup_server

# A private wheel, built here (pure Python, no build tools needed).
WHEEL=airlock_e2e_private-1.0.0-py3-none-any.whl
python3 - "$DOCROOT/basic/$WHEEL" <<'PY'
import base64, hashlib, sys, zipfile
files = {
    "airlock_e2e_private/__init__.py": b'MESSAGE = "private package imported offline"\n',
    "airlock_e2e_private-1.0.0.dist-info/METADATA":
        b"Metadata-Version: 2.1\nName: airlock-e2e-private\nVersion: 1.0.0\n",
    "airlock_e2e_private-1.0.0.dist-info/WHEEL":
        b"Wheel-Version: 1.0\nGenerator: airlock-e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = "".join(
    "%s,sha256=%s,%d\n" % (n, base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode(), len(d))
    for n, d in files.items()) + "airlock_e2e_private-1.0.0.dist-info/RECORD,,\n"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n, d in files.items():
        z.writestr(n, d)
    z.writestr("airlock_e2e_private-1.0.0.dist-info/RECORD", record)
PY
# A tree with a CA certificate bundle: *.pem is excluded from the context, except vendored ones.
mkdir -p "$E2E_TMP/certs-tree/certs" "$E2E_TMP/certs-tree/conf"
openssl x509 -in "$CA_PEM" -out "$E2E_TMP/certs-tree/certs/corp-ca.pem"
printf 'trust = certs/corp-ca.pem\n' >"$E2E_TMP/certs-tree/conf/app.conf"
tar -C "$E2E_TMP/certs-tree" --owner=0 --group=0 -czf "$DOCROOT/basic/certs-tree.tar.gz" certs conf

SHA_WHEEL="$(sha256_of "$DOCROOT/basic/$WHEEL")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"

# Credential files a developer might have lying in the project folder: none may reach an image.
plant_credentials() { # DIR
  local d="$1"
  mkdir -p "$d/.git" "$d/keys" "$d/sub/.ssh" "$d/.docker"
  printf 'machine 127.0.0.1 login %s password %s\n' "$CANARY_USER" "$CANARY_PW" >"$d/.netrc"
  printf '//127.0.0.1/:_authToken=%s\n' "$CANARY_TOKEN" >"$d/.npmrc"
  printf '[global]\nindex-url = https://%s:%s@127.0.0.1/simple\n' "$CANARY_USER" "$CANARY_PW" >"$d/pip.conf"
  printf 'TOKEN=%s\n' "$CANARY_TOKEN2" >"$d/.env"
  printf '[remote "origin"]\n\turl = https://%s:%s@127.0.0.1/x.git\n' "$CANARY_USER" "$CANARY_PW" >"$d/.git/config"
  # PEM armor around canary bodies, the label passed in (no key-shaped literal in the repository)
  printf -- '-----BEGIN %s-----\n%s\n-----END %s-----\n' "OPENSSH PRIVATE KEY" "$CANARY_TOKEN" "OPENSSH PRIVATE KEY" >"$d/sub/.ssh/id_ed25519"
  printf -- '-----BEGIN %s-----\n%s\n-----END %s-----\n' "PRIVATE KEY" "$CANARY_TOKEN2" "PRIVATE KEY" >"$d/keys/server.key"
  printf '{"auths":{"127.0.0.1":{"auth":"%s"}}}\n' "$(printf '%s:%s' "$CANARY_USER" "$CANARY_PW" | base64 -w0)" >"$d/.docker/config.json"
}

CREDS='credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }'
SOURCES="sources:
  - name: wheel
    credentials: corp
    http: { url: \"$ORIGIN/basic/$WHEEL\", sha256: $SHA_WHEEL }
  - name: model
    credentials: tok
    http: { url: \"$ORIGIN/bearer/b.bin\", sha256: $SHA_B }
  - name: tree
    credentials: corp
    http: { url: \"$ORIGIN/basic/certs-tree.tar.gz\", extract: true }
    dest: /opt/corp tree"

proj() { # NAME: sets P and its cache, writes stdin to P/fetch.yaml
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cat >"$P/fetch.yaml"
}

fetch_and_generate() { # LABEL [dockerfile args...]
  local label="$1"
  shift
  e2e_airlock "fetch-$label" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM"
  e2e_expect_rc 0
  e2e_airlock "dockerfile-$label" dockerfile -f "$P/fetch.yaml" "$@"
  e2e_expect_rc 0
}

build() { # TAG [docker build args...]: legacy builder, no network; log in $E2E_TMP/build-TAG.log
  local tag="$1"
  shift
  if ! DOCKER_BUILDKIT=0 docker build --network none --no-cache -t "$TAG_PREFIX-$tag" "$@" "$P" \
    >"$E2E_TMP/build-$tag.log" 2>&1; then
    e2e_die "docker build failed: $(e2e_tail "$E2E_TMP/build-$tag.log")"
  fi
}

# IMAGE_PATH SHA for each vendored file, from the lock's file list and the Dockerfile's COPY targets.
expect_in_image() { # TAG IMAGE_DIR VENDOR_ROOT
  local tag="$1" image_dir="$2" root="$3" f want got rel
  while IFS= read -r f; do
    rel="${f#"$P/vendor/$root/"}"
    want="$(sha256_of "$f")"
    got="$(docker run --rm --network none "$TAG_PREFIX-$tag" sha256sum "$image_dir/$rel" | cut -d' ' -f1)" ||
      e2e_die "$image_dir/$rel is not in the image"
    [[ "$got" == "$want" ]] || e2e_die "$image_dir/$rel differs in the image"
  done < <(find "$P/vendor/$root" -type f | sort)
}

# --- cases -------------------------------------------------------------------------------------

t_standalone_busybox() {
  proj standalone <<EOF
version: 1
$CREDS
$SOURCES
docker:
  base: $IMG_BUSYBOX
EOF
  plant_credentials "$P"
  fetch_and_generate standalone
  head -1 "$P/Dockerfile" | grep -q '^# generated by airlock from fetch.yaml and fetch.lock' || e2e_die "no header"
  grep -qF 'COPY ["vendor/files/tree/", "/opt/corp tree/"]' "$P/Dockerfile" || e2e_die "no JSON-form COPY for the dest with a space"
  grep -qxF '!vendor/files/tree/certs/corp-ca.pem' "$P/.dockerignore" || e2e_die ".dockerignore does not keep the vendored CA"
  build standalone
  expect_in_image standalone /opt/vendor/files/wheel files/wheel
  expect_in_image standalone /opt/vendor/files/model files/model
  expect_in_image standalone "/opt/corp tree" files/tree
  e2e_airlock check-standalone dockerfile -f "$P/fetch.yaml" --check
  e2e_expect_rc 0
}

t_context_excludes_credentials() {
  proj context <<EOF
version: 1
$CREDS
$SOURCES
docker:
  template: Dockerfile.in
EOF
  plant_credentials "$P"
  cat >"$P/Dockerfile.in" <<EOF
FROM $IMG_BUSYBOX
# airlock:vendor tree
COPY . /ctx/
EOF
  fetch_and_generate context
  build context
  local listing="$E2E_TMP/context-listing.txt"
  docker run --rm --network none "$TAG_PREFIX-context" find /ctx -print >"$listing"
  local bad
  for bad in .netrc .npmrc pip.conf .env .git keys/server.key sub/.ssh .docker/config.json .airlock; do
    ! grep -qxF "/ctx/$bad" "$listing" || e2e_die "/ctx/$bad reached the image"
  done
  grep -qxF /ctx/vendor/files/tree/certs/corp-ca.pem "$listing" || e2e_die "the vendored CA was dropped from the context"
  grep -qxF /ctx/fetch.yaml "$listing" || e2e_die "ordinary files are missing from /ctx"
  expect_in_image context "/opt/corp tree" files/tree
}

t_pip_install_no_index() {
  if ((PIP_IMAGE_OK == 0)); then
    e2e_die "the bookworm+pip base image could not be made (see the log above)"
  fi
  proj pip <<EOF
version: 1
$CREDS
$SOURCES
docker:
  template: Dockerfile.in
EOF
  plant_credentials "$P"
  cat >"$P/Dockerfile.in" <<EOF
# A multi-stage build: the private wheel is installed in the first stage only.
FROM $IMG_PIP AS build
# airlock:vendor wheel
RUN python3 -m pip install --no-index --no-cache-dir --find-links /opt/vendor/files/wheel \\
      --target /opt/site airlock-e2e-private==1.0.0

FROM $IMG_PIP
# airlock:vendor model
COPY --from=build /opt/site /opt/site
ENV PYTHONPATH=/opt/site
RUN python3 -c "import airlock_e2e_private as m; print(m.MESSAGE)"
EOF
  fetch_and_generate pip
  build pip
  grep -q 'private package imported offline' "$E2E_TMP/build-pip.log" || e2e_die "the build did not import the package"
  grep -q 'Successfully installed airlock-e2e-private-1.0.0' "$E2E_TMP/build-pip.log" || e2e_die "pip did not install it"
  expect_in_image pip /opt/vendor/files/model files/model
  docker run --rm --network none "$TAG_PREFIX-pip" test ! -e /opt/vendor/files/wheel || e2e_die "the wheel stage leaked into the final image"
}

# Debian's npm runs the user's unchanged `npm ci` in an image built with --network none: the
# generated Dockerfile points npm at the vendored cache, offline, and (the lock has no resolved
# URLs) at the registry its cached packuments are keyed by.
t_npm_ci_offline() {
  if ((PIP_IMAGE_OK == 0)); then
    e2e_die "the bookworm+pip+node base image could not be made (see the log above)"
  fi
  npm_fixture_build || e2e_die "npm could not lock or download the fixture's closure"
  npm_fixture_locks "$ORIGIN/bearer/reg"
  proj npm <<EOF
version: 1
credentials:
  tok: { token: { env: E2E_TOKEN } }
sources:
  - name: app
    credentials: tok
    npm: { registry: "$ORIGIN/bearer/reg", lockfile: package-lock.json }
docker:
  template: Dockerfile.in
EOF
  plant_credentials "$P"
  cp "$NPM_APP/package.json" "$P/"
  cp "$NPMFIX/lock-bare.json" "$P/package-lock.json"
  cat >"$P/Dockerfile.in" <<EOF
FROM $IMG_PIP
# airlock:vendor
COPY package.json package-lock.json /app/
WORKDIR /app
RUN npm ci --ignore-scripts
RUN node -e 'require("express"); console.log("express loaded offline")'
EOF
  fetch_and_generate npm
  grep -qx 'ENV npm_config_offline=true' "$P/Dockerfile" || e2e_die "no npm_config_offline in the Dockerfile"
  build npm
  grep -q 'express loaded offline' "$E2E_TMP/build-npm.log" || e2e_die "npm ci did not install express"
}

# Every layer, config and history entry of every image built above.
t_images_hold_no_credential() {
  local images n=0 img
  images="$(docker image ls --format '{{.Repository}}:{{.Tag}}' --filter "reference=$TAG_PREFIX*")"
  [[ -n "$images" ]] || e2e_die "no image was built"
  for img in $images; do
    e2e_save_image "$img" "$E2E_TMP/save/$n"
    n=$((n + 1))
  done
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/save")"; then
    e2e_die "a credential is in an image: $hits"
  fi
  e2e_log "swept $n images (layers, configs, history)"
}

# The sweep above must be able to fail: an image that does leak is caught.
t_sweep_catches_a_leak() {
  local d="$E2E_TMP/leaky"
  mkdir -p "$d"
  printf 'machine x password %s\n' "$CANARY_PW" >"$d/leak"
  printf 'FROM %s\nCOPY leak /leak\nRUN rm /leak\n' "$IMG_BUSYBOX" >"$d/Dockerfile"
  DOCKER_BUILDKIT=0 docker build --network none -q -t "$TAG_PREFIX-leaky-control" "$d" >/dev/null 2>&1 ||
    e2e_die "could not build the control image"
  mkdir -p "$E2E_TMP/leaky-save"
  docker save "$TAG_PREFIX-leaky-control" -o "$E2E_TMP/leaky-save/image.tar"
  docker image rm -f "$TAG_PREFIX-leaky-control" >/dev/null
  if e2e_sweep "$E2E_TMP/leaky-save" >/dev/null; then
    e2e_die "the sweep missed a password COPYed into a layer and deleted in the next"
  fi
}

t_check_and_lint() {
  P="$E2E_TMP/proj/standalone"
  printf 'RUN echo edited\n' >>"$P/Dockerfile"
  e2e_airlock check-stale dockerfile -f "$P/fetch.yaml" --check
  e2e_expect_rc 1
  tail -1 "$P/Dockerfile" | grep -qx 'RUN echo edited' || e2e_die "--check rewrote the Dockerfile"
  # The seed's pattern: a token as a build arg and a .netrc COPYed in. Refused, nothing written.
  proj seed <<EOF
version: 1
$CREDS
$SOURCES
docker:
  template: Dockerfile.in
EOF
  cp "$E2E_TMP/proj/standalone/fetch.lock" "$P/fetch.lock"
  # (an ARG a RUN uses is recorded in the image history: an error; an unused one is only a warning)
  printf 'FROM %s\nARG NPM_TOKEN\nCOPY .netrc /root/.netrc\n# airlock:vendor\nRUN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc\n' \
    "$IMG_BUSYBOX" >"$P/Dockerfile.in"
  e2e_airlock lint-seed dockerfile -f "$P/fetch.yaml"
  e2e_expect_rc 1
  grep -q 'Dockerfile.in:2: secret-arg-env' "$OUT" || e2e_die "no secret-arg-env finding: $(e2e_tail "$OUT")"
  grep -q 'Dockerfile.in:3: credential-file' "$OUT" || e2e_die "no credential-file finding: $(e2e_tail "$OUT")"
  [[ ! -e "$P/Dockerfile" && ! -e "$P/.dockerignore" ]] || e2e_die "files were written despite the findings"
}

t_outputs_hold_no_credential() {
  local hits
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP"/proj/*/Dockerfile "$E2E_TMP"/proj/*/.dockerignore \
    "$E2E_TMP"/proj/*/fetch.lock "$E2E_TMP"/proj/*/vendor)"; then
    e2e_die "a credential leaked: $hits"
  fi
}

e2e_case docker-standalone-busybox t_standalone_busybox
phase "case standalone"
e2e_case docker-context-excludes-credentials t_context_excludes_credentials
phase "case context"
if [[ -n "$PIP_SKIPPED" ]]; then
  e2e_log "SKIP docker-pip-install-no-index: $PIP_SKIPPED; run scripts/e2e/run docker locally for it"
else
  e2e_case docker-pip-install-no-index t_pip_install_no_index
  phase "case pip"
fi
if [[ -n "$PIP_SKIPPED" ]]; then
  e2e_log "SKIP docker-npm-ci-offline: $PIP_SKIPPED; run scripts/e2e/run docker locally for it"
else
  e2e_case docker-npm-ci-offline t_npm_ci_offline
  phase "case npm"
fi
e2e_case docker-images-hold-no-credential t_images_hold_no_credential
phase "case image sweep"
e2e_case docker-sweep-catches-a-leak t_sweep_catches_a_leak
e2e_case docker-check-and-lint t_check_and_lint
e2e_case docker-outputs-hold-no-credential t_outputs_hold_no_credential
e2e_log "test_docker total: $((SECONDS - t_start))s"
