#!/usr/bin/env bash
# pypi closures end to end: a private closure of pure-Python wheels (made here by pypi_fixture.py,
# Requires-Dist between them) behind the loopback nginx (static PEP 503 pages and files behind
# basic auth; the same files behind a bearer token for pylock.toml), fetched with
# `requirements:` and `pylock:`, then installed by the real pip into a venv from vendor/pypi alone
# (`--no-index --require-hashes`), and built into an image with `docker build --network none`
# from the generated Dockerfile with the user's unchanged `RUN pip install -r requirements.txt`.
# Also: a tampered file (exit 3, nothing placed), a re-run without a request, an edited
# requirements file under --frozen (exit 1), a file on a host the source may not reach, and the
# canary sweep of every output, vendor dir, lock, SBOM, Dockerfile and image.
set -euo pipefail
REAL_HOME="$HOME"
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_ensure_jar
# pip here reads only what the cases give it: no PIP_* of the machine (e.g. a PIP_FIND_LINKS)
for v in $(compgen -e | grep '^PIP_' || true); do unset "$v"; done
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1

IMG_PIP=airlock-e2e/bookworm-pip:1
TAG_PREFIX="airlock-e2e-closure-pypi-$$"
E2E_CACHE_DIR="${AIRLOCK_E2E_CACHE:-$REAL_HOME/.cache/airlock-e2e}"

e2e_setup_server
FIX="$E2E_TMP/fixture"
python3 "$E2E_ROOT/scripts/e2e/pypi_fixture.py" "$DOCROOT/basic" "$FIX" "$ORIGIN" --count "${CLOSURE_COUNT:-8}" \
  --lock-prefix bearer
# One more package whose page links its file on another origin (127.0.0.1:PORT4, no credentials).
mkdir -p "$E2E_TMP/elsewhere" "$DOCROOT/public/files"
python3 "$E2E_ROOT/scripts/e2e/pypi_fixture.py" "$E2E_TMP/elsewhere/x" "$E2E_TMP/elsewhere/out" "$ORIGIN" --count 1
cp "$E2E_TMP/elsewhere/x/files/"*py3-none-any.whl "$DOCROOT/public/files/"
ELSEWHERE_WHEEL="$(cd "$DOCROOT/public/files" && ls ./*py3-none-any.whl | head -1)"
ELSEWHERE_WHEEL="${ELSEWHERE_WHEEL#./}"

proj() { # NAME [requirements|pylock] ; writes fetch.yaml from stdin into P, copies the fixture's input files
  P="$E2E_TMP/proj/$1"
  mkdir -p "$P"
  export AIRLOCK_CACHE="$E2E_TMP/cache/$1"
  cp -r "$FIX/requirements.txt" "$FIX/req" "$FIX/pylock.toml" "$P/"
  cat >"$P/fetch.yaml"
}

fetch() { # LABEL [args...]
  local label="$1"
  shift
  e2e_airlock "$label" fetch -f "$P/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" "$@"
}

REQ_MANIFEST() {
  cat <<EOF
version: 1
credentials:
  corp: { netrc: {} }
sources:
  - name: deps
    credentials: corp
    pypi: { index: "$ORIGIN/basic/simple", requirements: requirements.txt }
$1
EOF
}

listed_files() { # the files the fixture's requirements list (by hash), sorted
  local h f
  for h in $(grep -ho 'sha256:[0-9a-f]\{64\}' "$FIX/requirements.txt" "$FIX/req/base.txt" | cut -d: -f2); do
    for f in "$DOCROOT/basic/files/"*; do
      if [[ "$(sha256_of "$f")" == "$h" ]]; then basename "$f"; fi
    done
  done | LC_ALL=C sort
}

t_fetch_requirements() {
  proj req < <(REQ_MANIFEST "")
  fetch fetch-req
  e2e_expect_rc 0
  local want got
  want="$(listed_files)"
  got="$(cd "$P/vendor/pypi" && ls | LC_ALL=C sort)"
  [[ "$want" == "$got" ]] || e2e_die "vendored $got, want $want"
  ! ls "$P/vendor/pypi" | grep -q 'py2-none-any' || e2e_die "an unlisted file was vendored"
  grep -q 'win_amd64' <<<"$got" || e2e_die "the listed Windows wheels are missing: no platform guessing"
  grep -q '"pkg:pypi/airlock-e2e-top@1.0.0"\|pkg:pypi/airlock-e2e-top@1.0.0:' "$P/fetch.lock" || e2e_die "no package in the lock"
  e2e_airlock verify-req verify -f "$P/fetch.yaml" --netrc "$NETRC_FILE"
  e2e_expect_rc 0
}

t_pip_install_offline() {
  P="$E2E_TMP/proj/req"
  python3 -m venv "$E2E_TMP/venv"
  # no index, no network: vendor/pypi and the hashes of the user's own requirements file
  (cd "$P" && "$E2E_TMP/venv/bin/pip" install --no-index --find-links vendor/pypi \
    --require-hashes --no-cache-dir -r requirements.txt) >"$E2E_TMP/pip-install.log" 2>&1 ||
    e2e_die "pip install failed: $(e2e_tail "$E2E_TMP/pip-install.log")"
  "$E2E_TMP/venv/bin/python" -c 'import airlock_e2e_top as t; print(t.MESSAGE)' >"$E2E_TMP/import.log" 2>&1 ||
    e2e_die "import failed: $(e2e_tail "$E2E_TMP/import.log")"
  grep -q "closure of ${CLOSURE_COUNT:-8} packages imported offline" "$E2E_TMP/import.log" || e2e_die "wrong import output"
}

t_rerun_makes_no_request() {
  P="$E2E_TMP/proj/req"
  export AIRLOCK_CACHE="$E2E_TMP/cache/req"
  local before
  before="$(e2e_log_size "$ORIGIN_LOG")"
  fetch rerun
  e2e_expect_rc 0
  rm -rf "$P/vendor"
  fetch rerun-from-cache
  e2e_expect_rc 0
  [[ -z "$(e2e_log_since "$ORIGIN_LOG" "$before")" ]] || e2e_die "a re-run made requests: $(e2e_log_since "$ORIGIN_LOG" "$before" | head -2)"
  [[ "$(cd "$P/vendor/pypi" && ls | LC_ALL=C sort)" == "$(listed_files)" ]] || e2e_die "the cache did not restore vendor/pypi"
}

t_frozen_after_edit() {
  P="$E2E_TMP/proj/req"
  export AIRLOCK_CACHE="$E2E_TMP/cache/req"
  local lock
  lock="$(sha256_of "$P/fetch.lock")"
  printf '# edited\n' >>"$P/req/base.txt"
  fetch frozen --frozen
  e2e_expect_rc 1
  [[ "$(sha256_of "$P/fetch.lock")" == "$lock" ]] || e2e_die "--frozen wrote the lock"
  cp "$FIX/req/base.txt" "$P/req/base.txt"
  fetch frozen-restored --frozen
  e2e_expect_rc 0
}

t_tampered_file() {
  proj tampered < <(REQ_MANIFEST "")
  local victim saved
  victim="$(ls "$DOCROOT/basic/files/"airlock_e2e_dep1-*-py3-none-any.whl)"
  saved="$E2E_TMP/saved.whl"
  cp "$victim" "$saved"
  printf 'tampered' >>"$victim" # the page still gives the old hash: dependency confusion / a swapped upload
  fetch tampered
  cp "$saved" "$victim"
  e2e_expect_rc 3
  grep -q 'sha256 mismatch' "$ERR" || e2e_die "no mismatch message: $(e2e_tail "$ERR")"
  [[ ! -e "$P/vendor" && ! -e "$P/fetch.lock" ]] || e2e_die "something was placed"
}

t_host_not_allowed() {
  local page="$DOCROOT/basic/simple/airlock-e2e-top/index.html" saved="$E2E_TMP/saved-page.html"
  cp "$page" "$saved"
  printf '<a href="https://127.0.0.1:%s/public/files/%s#sha256=%s">x</a>\n' "$PORT4" "$ELSEWHERE_WHEEL" \
    "$(sha256_of "$DOCROOT/public/files/$ELSEWHERE_WHEEL")" >"$page"
  proj hosts < <(REQ_MANIFEST "")
  printf 'airlock-e2e-top==1.0.0 --hash=sha256:%s\n' "$(sha256_of "$DOCROOT/public/files/$ELSEWHERE_WHEEL")" \
    >"$P/requirements.txt"
  local before
  before="$(e2e_log_size "$FOREIGN_LOG")"
  fetch hosts-refused
  e2e_expect_rc 3
  grep -q "is on https://127.0.0.1:$PORT4, which the source may not reach" "$ERR" || e2e_die "no host error: $(e2e_tail "$ERR")"
  [[ -z "$(e2e_log_since "$FOREIGN_LOG" "$before")" ]] || e2e_die "the other host was asked"
  sed -i "s|requirements: requirements.txt|requirements: requirements.txt, hosts: ['127.0.0.1:$PORT4']|" "$P/fetch.yaml"
  fetch hosts-allowed
  cp "$saved" "$page"
  e2e_expect_rc 0
  e2e_log_since "$FOREIGN_LOG" "$before" | grep -q 'auth="-" ' || e2e_die "the other host was not asked"
  ! e2e_log_since "$FOREIGN_LOG" "$before" | grep -v 'auth="-" ' | grep -q . || e2e_die "the other host got a credential"
}

t_pylock() {
  proj pylock <<EOF
version: 1
credentials:
  tok: { token: { env: E2E_TOKEN } }
sources:
  - name: locked
    credentials: tok
    pypi: { pylock: pylock.toml, hosts: ["127.0.0.1:$PORT1"] }
EOF
  fetch pylock
  e2e_expect_rc 0
  [[ "$(cd "$P/vendor/pypi" && ls | LC_ALL=C sort)" == "$(listed_files)" ]] || e2e_die "pylock vendored other files"
  python3 -m venv "$E2E_TMP/venv-lock"
  (cd "$P" && "$E2E_TMP/venv-lock/bin/pip" install --no-index --find-links vendor/pypi \
    --no-cache-dir airlock-e2e-top==1.0.0) >"$E2E_TMP/pip-lock.log" 2>&1 ||
    e2e_die "pip install failed: $(e2e_tail "$E2E_TMP/pip-lock.log")"
  e2e_airlock sbom-pylock sbom -f "$P/fetch.yaml" -o "$P/sbom.json"
  e2e_expect_rc 0
  local n
  n="$(grep -o '"purl" *: *"pkg:pypi/airlock-e2e-[a-z0-9-]*@[0-9.]*"' "$P/sbom.json" | sort -u | wc -l)"
  ((n == ${CLOSURE_COUNT:-8})) || e2e_die "the SBOM lists $n packages, want ${CLOSURE_COUNT:-8}"
}

# --- docker: the user's unchanged `RUN pip install -r requirements.txt`, --network none ---------

# The bookworm + python3-pip image of test_docker.sh: reused when present, else imported from its
# cached debootstrap tarball, else made the same way.
pip_image() {
  docker image inspect "$IMG_PIP" >/dev/null 2>&1 && return 0
  local tarball="$E2E_CACHE_DIR/bookworm-pip-minbase.tar" mirror root="$E2E_TMP/bookworm-root"
  if [[ ! -s "$tarball" ]]; then
    mkdir -p "$E2E_CACHE_DIR"
    mirror="$(awk '$1 == "deb" && $0 ~ /bookworm/ && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)"
    [[ -n "$mirror" ]] || mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null)"
    e2e_log "debootstrap --variant=minbase --include=python3-pip bookworm from $mirror"
    timeout 1200 debootstrap --variant=minbase --include=python3-pip bookworm "$root" "$mirror" \
      >"$E2E_TMP/debootstrap.log" 2>&1 || { echo "debootstrap failed: $(e2e_tail "$E2E_TMP/debootstrap.log")" >&2; return 1; }
    tar -C "$root" --numeric-owner -cf "$tarball.tmp.$$" . && mv "$tarball.tmp.$$" "$tarball"
    rm -rf "$root"
  fi
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$IMG_PIP" >/dev/null
}

t_docker_build() {
  P="$E2E_TMP/proj/req"
  export AIRLOCK_CACHE="$E2E_TMP/cache/req"
  cat >>"$P/fetch.yaml" <<'EOF'
docker:
  template: Dockerfile.in
EOF
  cat >"$P/Dockerfile.in" <<EOF
FROM $IMG_PIP
# Debian marks its Python as externally managed; a real project would use a venv or this.
ENV PIP_BREAK_SYSTEM_PACKAGES=1
WORKDIR /app
COPY requirements.txt /app/
COPY req/ /app/req/
# airlock:vendor
RUN pip install --no-cache-dir -r requirements.txt
RUN python3 -c "import airlock_e2e_top as t; print(t.MESSAGE)"
EOF
  # planted credential files: none may reach the image
  printf 'machine 127.0.0.1 login %s password %s\n' "$CANARY_USER" "$CANARY_PW" >"$P/.netrc"
  printf '[global]\nindex-url = https://%s:%s@127.0.0.1/simple\n' "$CANARY_USER" "$CANARY_PW" >"$P/pip.conf"
  fetch docker-fetch
  e2e_expect_rc 0
  e2e_airlock dockerfile-req dockerfile -f "$P/fetch.yaml"
  e2e_expect_rc 0
  grep -qx 'ENV PIP_NO_INDEX=1' "$P/Dockerfile" || e2e_die "no PIP_NO_INDEX in the Dockerfile"
  grep -qx 'ENV PIP_FIND_LINKS=/opt/vendor/pypi' "$P/Dockerfile" || e2e_die "no PIP_FIND_LINKS"
  if ! DOCKER_BUILDKIT=0 docker build --network none --no-cache -t "$TAG_PREFIX-req" "$P" >"$E2E_TMP/build.log" 2>&1; then
    e2e_die "docker build failed: $(e2e_tail "$E2E_TMP/build.log")"
  fi
  grep -q "closure of ${CLOSURE_COUNT:-8} packages imported offline" "$E2E_TMP/build.log" || e2e_die "the image did not import it"
  e2e_save_image "$TAG_PREFIX-req" "$E2E_TMP/save/req"
}

t_canary_sweep() {
  local hits
  for p in "$E2E_TMP"/proj/*; do
    rm -f "$p/.netrc" "$p/pip.conf" # planted on purpose (docker case); everything else must be clean
  done
  if ! hits="$(e2e_sweep "$E2E_TMP/out" "$E2E_TMP/proj" "$E2E_TMP/cache" ${DOCKER_OK:+"$E2E_TMP/save"})"; then
    e2e_die "a credential leaked: $hits"
  fi
}

e2e_case closure-pypi-fetch-requirements t_fetch_requirements
e2e_case closure-pypi-pip-install-offline t_pip_install_offline
e2e_case closure-pypi-rerun-makes-no-request t_rerun_makes_no_request
e2e_case closure-pypi-frozen-after-edit t_frozen_after_edit
e2e_case closure-pypi-tampered-file t_tampered_file
e2e_case closure-pypi-host-not-allowed t_host_not_allowed
e2e_case closure-pypi-pylock t_pylock

DOCKER_OK=""
if [[ "${AIRLOCK_E2E_NO_DOCKER:-0}" != 1 ]]; then
  trap 'rc=$?; set +e; e2e_docker_rm_images "$TAG_PREFIX"; e2e_docker_stop; (exit $rc); e2e_cleanup' EXIT
  if e2e_docker_start closure-pypi-docker-build; then
    if pip_image; then
      DOCKER_OK=1
      e2e_case closure-pypi-docker-build t_docker_build
    else
      echo "FAIL closure-pypi-docker-build: the bookworm+pip base image could not be made"
    fi
  fi
fi
e2e_case closure-pypi-canary-sweep t_canary_sweep
