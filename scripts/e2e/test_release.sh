#!/usr/bin/env bash
# The release end to end (docs/release.md): `mvn -Prelease package` twice, from two clones of HEAD
# at two paths, must give byte-identical archives with a SHA256SUMS that checks; scripts/install
# puts each archive into a clean container (a debootstrap minbase root: no Java for the jlink
# archive, a mounted JDK for the others) where `airlock --version` and a fetch against the
# loopback nginx work; from a URL it checks the sha256 before it unpacks or runs anything; and
# the image of the repository's Dockerfile runs a fetch with no shell in it, as a non-root user,
# and `airlock scan --image` finds no credential in it.
#
# The runtime of the linux-x86_64 archive comes from AIRLOCK_RUNTIME_JDK, else the newest JDK 21+
# in /usr/lib/jvm, else the JDK that runs Maven (JDK 17's class-data dump is not reproducible:
# the reproducibility case then fails and says so). The commit built is HEAD: commit first.
# Needs docker.io, debootstrap, busybox-static, git, nginx-light; 6 to 10 minutes.
set -euo pipefail
REAL_HOME="$HOME"
. "$(dirname "$0")/lib.sh"
e2e_init

E2E_CACHE_DIR="${AIRLOCK_E2E_CACHE:-$REAL_HOME/.cache/airlock-e2e}"
IMG_MINBASE=airlock-e2e/bookworm-minbase:1
TAG_PREFIX="airlock-e2e-release-$$"
t_phase=$SECONDS
phase() { e2e_log "$1: $((SECONDS - t_phase))s"; t_phase=$SECONDS; }
release_cleanup() {
  e2e_docker_rm_images "$TAG_PREFIX"
  e2e_docker_stop
}
trap 'rc=$?; set +e; release_cleanup; (exit $rc); e2e_cleanup' EXIT

java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
newest_jdk() { # MIN: the home of the newest JDK (with jlink) of at least MIN in /usr/lib/jvm
  local d m best="" bm=0
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [[ -x "$d/bin/jlink" && ! -L "$d" ]] || continue
    m="$(java_major "$d")"
    [[ -n "$m" ]] && ((m >= $1 && m > bm)) && { best="$d"; bm="$m"; }
  done
  [[ -n "$best" ]] && printf '%s' "$best"
}
RUNTIME_JDK="${AIRLOCK_RUNTIME_JDK:-$(newest_jdk 21 || true)}"
JDK17="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
JDK25="$(newest_jdk 25 || true)"
e2e_log "runtime JDK: ${RUNTIME_JDK:-the one running Maven}; Java 17: $JDK17; Java 25+: ${JDK25:-none}"

HEAD="$(git -C "$E2E_ROOT" rev-parse HEAD)"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$E2E_ROOT/pom.xml" | head -1)"
TS="$(sed -n 's:.*<release.date>\(.*\)</release.date>.*:\1:p' "$E2E_ROOT/pom.xml")"
A="$E2E_TMP/a/src"
B="$E2E_TMP/second/build/src"
DIST="$A/target/dist"
PORTABLE="airlock-$VERSION.tar.gz"
ZIP="airlock-$VERSION.zip"
JLINK="airlock-$VERSION-linux-x86_64.tar.gz"
SBOM="airlock-$VERSION.cdx.json"

# --- the two builds ----------------------------------------------------------------------------

build() { # DIR
  mkdir -p "$(dirname "$1")"
  git clone -q "$E2E_ROOT" "$1"
  git -C "$1" checkout -q --detach "$HEAD"
  local args=(-B -Prelease -Dmaven.test.skip=true -Dstyle.color=never)
  [[ -n "$RUNTIME_JDK" ]] && args+=("-Dairlock.runtime.jdk=$RUNTIME_JDK")
  (cd "$1" && mvn "${args[@]}" package) >"$1.build.log" 2>&1 ||
    e2e_die "mvn -Prelease package failed in $1: $(grep -E 'ERROR|runtime.sh' "$1.build.log" | head -3 | tr '\n' '|' | cut -c1-400)"
}
t_build() {
  build "$A"
  local f
  for f in "$PORTABLE" "$ZIP" "$JLINK" "$SBOM" SHA256SUMS; do
    [[ -s "$DIST/$f" ]] || e2e_die "target/dist/$f is missing"
  done
}
e2e_case release-build t_build
[[ -s "$DIST/SHA256SUMS" ]] || exit 0 # nothing else can be checked
phase "release build"

t_sha256sums() {
  (cd "$DIST" && sha256sum --strict -c SHA256SUMS >"$E2E_TMP/sums.out" 2>&1) || e2e_die "sha256sum -c: $(e2e_tail "$E2E_TMP/sums.out")"
  local listed
  listed="$(sed 's/^[0-9a-f]\{64\} [ *]//' "$DIST/SHA256SUMS" | LC_ALL=C sort | tr '\n' ' ')"
  [[ "$listed" == "$(printf '%s\n' "$JLINK" "$SBOM" "$PORTABLE" "$ZIP" | LC_ALL=C sort | tr '\n' ' ')" ]] ||
    e2e_die "SHA256SUMS lists: $listed"
}
e2e_case release-sha256sums t_sha256sums

t_layout() {
  local list="$E2E_TMP/list" f
  TZ=UTC tar -tvzf "$DIST/$PORTABLE" >"$list"
  for f in bin/airlock lib/airlock.jar README.md share/man/man1/airlock.1 share/man/man1/airlock-fetch.1 \
    share/bash-completion/completions/airlock share/zsh/airlock.zsh; do
    grep -q " airlock-$VERSION/$f\$" "$list" || e2e_die "$PORTABLE has no $f"
  done
  grep -q "^-rwxr-xr-x root/root .* airlock-$VERSION/bin/airlock\$" "$list" || e2e_die "bin/airlock is not 0755 root/root"
  ! grep -v " root/root " "$list" | grep -q . || e2e_die "an entry is not owned by root/root"
  ! grep -v " $TS 00:00 " "$list" | grep -q . || e2e_die "an entry's time is not $TS 00:00"
  diff <(tar -tzf "$DIST/$PORTABLE" | grep -v '/$' | LC_ALL=C sort) <(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$DIST/$ZIP" | grep -v '/$' | LC_ALL=C sort) >/dev/null ||
    e2e_die "the .zip and the .tar.gz hold different files"
  tar -tvzf "$DIST/$JLINK" >"$list"
  for f in bin/airlock lib/airlock.jar lib/airlock.jsa runtime/bin/java runtime/lib/modules share/man/man1/airlock.1; do
    grep -q " airlock-$VERSION/$f\$" "$list" || e2e_die "$JLINK has no $f"
  done
  ! grep -q '^[lh]' "$list" || e2e_die "$JLINK holds a link"
  tar -xzf "$DIST/$PORTABLE" -C "$E2E_TMP" "airlock-$VERSION/share"
  head -c 400 "$E2E_TMP/airlock-$VERSION/share/man/man1/airlock.1" | grep -q '^\.TH "AIRLOCK"' || e2e_die "airlock.1 is not a man page"
  grep -q 'complete -F' "$E2E_TMP/airlock-$VERSION/share/bash-completion/completions/airlock" || e2e_die "no bash completion"
  python3 - "$DIST/$SBOM" <<'PY' || e2e_die "the SBOM is not airlock's CycloneDX document"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["bomFormat"] == "CycloneDX", d["bomFormat"]
assert d["metadata"]["component"]["name"] == "airlock"
names = {c["name"] for c in d["components"]}
assert {"picocli", "okhttp-jvm", "org.eclipse.jgit"} <= names, names
assert "junit-jupiter" not in names and "picocli-codegen" not in names, names
PY
}
e2e_case release-archive-layout t_layout

t_version_commit() {
  local out
  out="$(java -jar "$A/target/airlock.jar" --version)"
  [[ "$out" == "airlock $VERSION (commit $HEAD)" ]] || e2e_die "--version said: $out"
  # A source tree outside git (an unpacked source archive) records `unknown`.
  mkdir -p "$E2E_TMP/nogit"
  git -C "$E2E_ROOT" archive "$HEAD" | tar -x -C "$E2E_TMP/nogit"
  (cd "$E2E_TMP/nogit" && GIT_CEILING_DIRECTORIES="$E2E_TMP" mvn -B -q -o process-resources) >"$E2E_TMP/nogit.log" 2>&1 ||
    e2e_die "process-resources outside git: $(e2e_tail "$E2E_TMP/nogit.log")"
  grep -qx 'commit=unknown' "$E2E_TMP/nogit/target/classes/dev/airlock/airlock.properties" ||
    e2e_die "outside git: $(cat "$E2E_TMP/nogit/target/classes/dev/airlock/airlock.properties")"
}
e2e_case release-version-names-the-commit t_version_commit

t_reproducible() {
  build "$B"
  local f differ=""
  for f in "$PORTABLE" "$ZIP" "$JLINK" "$SBOM" SHA256SUMS; do
    cmp -s "$DIST/$f" "$B/target/dist/$f" || differ+=" $f"
  done
  if [[ -n "$differ" ]]; then
    local why=""
    cmp -s "$A/target/dist-work/linux-x86_64/lib/airlock.jsa" "$B/target/dist-work/linux-x86_64/lib/airlock.jsa" ||
      why=" (lib/airlock.jsa differs: the runtime JDK ${RUNTIME_JDK:-of Maven} must be 21 or later)"
    e2e_die "two builds of $HEAD differ:$differ$why"
  fi
}
e2e_case release-two-builds-byte-identical t_reproducible
phase "second build"

# --- servers, containers -----------------------------------------------------------------------

e2e_setup_server
e2e_docker_start release-docker-engine || exit 0
# test_docker.sh's debootstrap image (minbase + python3-pip, no Java) serves as well: in CI it is
# already there, and a second debootstrap would cost minutes.
docker image inspect airlock-e2e/bookworm-pip:1 >/dev/null 2>&1 && IMG_MINBASE=airlock-e2e/bookworm-pip:1
if ! e2e_minbase_image "$IMG_MINBASE" "$E2E_CACHE_DIR" 2>"$E2E_TMP/minbase.err"; then
  echo "FAIL release-base-image: $(e2e_tail "$E2E_TMP/minbase.err")"
  exit 0
fi
phase "engine and base image"

SHA_A="$(sha256_of "$DOCROOT/basic/a.bin")"
SHA_B="$(sha256_of "$DOCROOT/bearer/b.bin")"
# The project a container fetches: one netrc source, one token source, the private CA.
SHARE="$E2E_TMP/share"
mkdir -p "$SHARE"
cp "$CA_PEM" "$SHARE/ca.pem"
cp "$DIST/$PORTABLE" "$DIST/$ZIP" "$DIST/$JLINK" "$SHARE/"
cp "$E2E_ROOT/scripts/install" "$SHARE/install"
write_project() { # DIR
  mkdir -p "$1"
  cat >"$1/fetch.yaml" <<EOF
version: 1
vendor: vendor
credentials:
  corp: { netrc: {} }
  tok: { token: { env: E2E_TOKEN } }
sources:
  - name: lib
    credentials: corp
    http: { url: "$ORIGIN/basic/a.bin", sha256: $SHA_A }
  - name: model
    credentials: tok
    http: { url: "$ORIGIN/bearer/b.bin", sha256: $SHA_B }
EOF
  chmod -R a+rwX "$1"
}
check_vendor() { # DIR
  local got
  got="$(find "$1/vendor" -type f -exec sha256sum {} + | cut -d' ' -f1 | LC_ALL=C sort | tr '\n' ' ')"
  [[ "$got" == "$(printf '%s\n' "$SHA_A" "$SHA_B" | LC_ALL=C sort | tr '\n' ' ')" ]] || e2e_die "vendor holds: $got"
}

# in_container LABEL [docker run options...] -- SCRIPT: runs SCRIPT with sh in the minbase image on
# the host's network (the loopback nginx), /share mounted read-only; output in $E2E_TMP/out/LABEL.*
in_container() {
  local label="$1" opts=()
  shift
  while [[ "$1" != -- ]]; do opts+=("$1"); shift; done
  shift
  OUT="$E2E_TMP/out/container-$label.out"
  ERR="$E2E_TMP/out/container-$label.err"
  RC=0
  timeout 300 docker run --rm --network host -v "$SHARE:/share:ro" -e E2E_TOKEN "${opts[@]}" \
    "$IMG_MINBASE" sh -ec "$1" </dev/null >"$OUT" 2>"$ERR" || RC=$?
}

t_install_jlink() {
  local proj="$E2E_TMP/proj/jlink"
  write_project "$proj"
  cp "$NETRC_FILE" "$proj/netrc" && chown 1000:1000 "$proj/netrc" && chmod 600 "$proj/netrc"
  in_container jlink --user 1000:1000 -e HOME=/tmp/home -v "$proj:/proj" -- "
    ! command -v java
    ! ls /usr/lib/jvm 2>/dev/null
    sh /share/install --sha256 $(sha256_of "$DIST/$JLINK") /share/$JLINK
    test -L /tmp/home/.local/bin/airlock
    test -f /tmp/home/.local/share/man/man1/airlock.1
    /tmp/home/.local/bin/airlock --version
    cd /proj && /tmp/home/.local/bin/airlock fetch --netrc /proj/netrc --ca-cert /share/ca.pem"
  ((RC == 0)) || e2e_die "exit $RC: $(e2e_tail "$ERR")"
  grep -qx "airlock $VERSION (commit $HEAD)" "$OUT" || e2e_die "--version: $(e2e_tail "$OUT")"
  check_vendor "$proj"
}
e2e_case release-install-jlink-archive-without-java t_install_jlink

# A JDK of this machine, mounted where it lives (Debian's links into /etc stay valid).
jdk_mounts() { # JDK
  local m=(-v "$1:$1:ro")
  [[ -d /etc/ssl/certs/java ]] && m+=(-v /etc/ssl/certs/java:/etc/ssl/certs/java:ro)
  [[ -d "/etc/java-$(java_major "$1")-openjdk" ]] && m+=(-v "/etc/java-$(java_major "$1")-openjdk:/etc/java-$(java_major "$1")-openjdk:ro")
  printf '%s\n' "${m[@]}"
}

t_install_portable() {
  local proj="$E2E_TMP/proj/portable" mounts
  write_project "$proj"
  cp "$NETRC_FILE" "$proj/netrc" && chmod 600 "$proj/netrc"
  mapfile -t mounts < <(jdk_mounts "$JDK17")
  in_container portable "${mounts[@]}" -e "JAVA_HOME=$JDK17" -v "$proj:/proj" -- "
    sh /share/install --sha256 $(sha256_of "$DIST/$PORTABLE") /share/$PORTABLE
    test \"\$(readlink /usr/local/bin/airlock)\" = ../lib/airlock/bin/airlock
    airlock --version
    cd /proj && airlock fetch --netrc /proj/netrc --ca-cert /share/ca.pem
    ls /root/.cache/airlock-jvm/"
  ((RC == 0)) || e2e_die "exit $RC: $(e2e_tail "$ERR")"
  grep -qx "airlock $VERSION (commit $HEAD)" "$OUT" || e2e_die "--version: $(e2e_tail "$OUT")"
  grep -q '^airlock-[0-9]*\.jsa$' "$OUT" || e2e_die "no AppCDS archive was made for Java 17: $(e2e_tail "$OUT")"
  check_vendor "$proj"
}
e2e_case release-install-portable-tar-with-java-17 t_install_portable

t_install_zip_java_home_first() {
  [[ -n "$JDK25" ]] || e2e_die "no JDK 25 or later in /usr/lib/jvm to check the choice with"
  local mounts
  mapfile -t mounts < <(jdk_mounts "$JDK17"; jdk_mounts "$JDK25")
  # JAVA_HOME is 17, PATH has 25: the launcher takes JAVA_HOME's 17 (and makes an AppCDS archive);
  # without JAVA_HOME it takes PATH's 25 (and makes an AOT cache). unzip from busybox.
  in_container zip "${mounts[@]}" -v "$(command -v busybox):/opt/bb/busybox:ro" -e "JAVA_HOME=$JDK17" -- "
    mkdir /tmp/bb && ln -s /opt/bb/busybox /tmp/bb/unzip
    export PATH=/tmp/bb:$JDK25/bin:\$PATH
    sh /share/install --prefix /opt/airlock /share/$ZIP
    AIRLOCK_OPTS=-XshowSettings:properties /opt/airlock/bin/airlock --version
    (unset JAVA_HOME; AIRLOCK_OPTS=-XshowSettings:properties /opt/airlock/bin/airlock --version)
    ls /root/.cache/airlock-jvm/"
  ((RC == 0)) || e2e_die "exit $RC: $(e2e_tail "$ERR")"
  grep -qx "airlock $VERSION (commit $HEAD)" "$OUT" || e2e_die "--version: $(e2e_tail "$OUT")"
  local specs
  specs="$(sed -n 's/^ *java.specification.version = //p' "$ERR" | tr '\n' ' ')"
  [[ "$specs" == "$(java_major "$JDK17") $(java_major "$JDK25") " ]] \
    || e2e_die "the launcher took Java ${specs:-none}; expected JAVA_HOME's $(java_major "$JDK17"), then PATH's $(java_major "$JDK25")"
  grep -q '^airlock-[0-9]*\.jsa$' "$OUT" || e2e_die "no AppCDS archive was made for Java 17: $(e2e_tail "$OUT")"
  grep -q '^airlock-[0-9]*\.aot$' "$OUT" || e2e_die "no AOT cache was made for Java 25: $(e2e_tail "$OUT")"
}
e2e_case release-install-zip-launcher-takes-java-home-first t_install_zip_java_home_first
phase "installs in containers"

# From a URL (curl on this machine): the sha256 is checked before the archive is unpacked or run.
t_install_url() {
  cp "$DIST/$JLINK" "$DOCROOT/public/$JLINK"
  local sha p="$E2E_TMP/prefix-url"
  sha="$(sha256_of "$DIST/$JLINK")"
  CURL_CA_BUNDLE="$CA_PEM" "$E2E_ROOT/scripts/install" --prefix "$p" --sha256 "$sha" "$ORIGIN/public/$JLINK" \
    >"$E2E_TMP/out/url.out" 2>"$E2E_TMP/out/url.err" || e2e_die "install from URL: $(e2e_tail "$E2E_TMP/out/url.err")"
  [[ "$("$p/bin/airlock" --version)" == "airlock $VERSION (commit $HEAD)" ]] || e2e_die "installed airlock does not run"
  # No hash: refused.
  if "$E2E_ROOT/scripts/install" --prefix "$E2E_TMP/prefix-nohash" "$ORIGIN/public/$JLINK" 2>/dev/null; then
    e2e_die "a URL without --sha256 was installed"
  fi
  [[ ! -e "$E2E_TMP/prefix-nohash/lib/airlock" ]] || e2e_die "something was installed without a hash"
}
e2e_case release-install-from-url-with-sha256 t_install_url

t_install_tampered() {
  # An archive whose launcher would leave a mark if it ever ran; pinned hash of the real one.
  local t="$E2E_TMP/tampered" marker="$E2E_TMP/tampered-ran" p="$E2E_TMP/prefix-url"
  mkdir -p "$t/airlock-$VERSION/bin" "$t/airlock-$VERSION/lib"
  printf '#!/bin/sh\ntouch %s\n' "$marker" >"$t/airlock-$VERSION/bin/airlock"
  chmod 755 "$t/airlock-$VERSION/bin/airlock"
  : >"$t/airlock-$VERSION/lib/airlock.jar"
  tar -C "$t" -czf "$DOCROOT/public/$JLINK" "airlock-$VERSION"
  local before rc=0
  before="$(e2e_tree_digest "$p")"
  CURL_CA_BUNDLE="$CA_PEM" "$E2E_ROOT/scripts/install" --prefix "$p" --sha256 "$(sha256_of "$DIST/$JLINK")" \
    "$ORIGIN/public/$JLINK" >"$E2E_TMP/out/tampered.out" 2>"$E2E_TMP/out/tampered.err" || rc=$?
  ((rc == 1)) || e2e_die "install of a tampered archive: exit $rc, want 1"
  grep -q 'sha256 mismatch' "$E2E_TMP/out/tampered.err" || e2e_die "no mismatch message: $(e2e_tail "$E2E_TMP/out/tampered.err")"
  [[ ! -e "$marker" ]] || e2e_die "the downloaded launcher ran"
  [[ "$(e2e_tree_digest "$p")" == "$before" ]] || e2e_die "the previous install changed"
  # An archive with a `..` entry is refused before anything is unpacked.
  mkdir -p "$t/evil"
  printf x >"$t/evil/x"
  tar -C "$t" -czf "$E2E_TMP/dotdot.tar.gz" --transform "s,^evil,airlock-$VERSION/../../evil," evil/x
  rc=0
  "$E2E_ROOT/scripts/install" --prefix "$p" "$E2E_TMP/dotdot.tar.gz" 2>"$E2E_TMP/out/dotdot.err" || rc=$?
  ((rc == 1)) || e2e_die "an archive with '..' entries: exit $rc, want 1"
  [[ "$(e2e_tree_digest "$p")" == "$before" ]] || e2e_die "the '..' archive changed the install"
}
e2e_case release-install-checks-sha256-before-unpacking t_install_tampered
phase "installs from a URL"

# --- the image ---------------------------------------------------------------------------------

IMG="$TAG_PREFIX-image:$VERSION"
t_image_build() {
  DOCKER_BUILDKIT=0 docker build --network none -t "$IMG" --build-arg "BASE=$IMG_MINBASE" --build-arg "VERSION=$VERSION" \
    --build-arg "SHA256=$(sha256_of "$DIST/$JLINK")" -f "$E2E_ROOT/Dockerfile" "$DIST" >"$E2E_TMP/image-build.log" 2>&1 ||
    e2e_die "docker build: $(e2e_tail "$E2E_TMP/image-build.log")"
  [[ "$(docker image inspect -f '{{.Config.User}}' "$IMG")" == 65532:65532 ]] || e2e_die "the image does not run as 65532"
  docker create --name "$TAG_PREFIX-c" "$IMG" >/dev/null
  docker export "$TAG_PREFIX-c" | tar -t >"$E2E_TMP/image-files"
  docker rm "$TAG_PREFIX-c" >/dev/null
  ! grep -qE '^(bin|usr/bin)/(sh|bash|dash|busybox)$' "$E2E_TMP/image-files" || e2e_die "the image has a shell"
  grep -qx 'opt/airlock/lib/airlock.jsa' "$E2E_TMP/image-files" || e2e_die "no class-data archive in the image"
  RC=0
  docker run --rm --network none -e JAVA_TOOL_OPTIONS=-Xshare:on "$IMG" --version >"$E2E_TMP/out/image-version.out" 2>&1 || RC=$?
  ((RC == 0)) || e2e_die "--version with -Xshare:on (the archive must map): $(e2e_tail "$E2E_TMP/out/image-version.out")"
  grep -qx "airlock $VERSION (commit $HEAD)" "$E2E_TMP/out/image-version.out" || e2e_die "--version: $(e2e_tail "$E2E_TMP/out/image-version.out")"
}
e2e_case release-image-build t_image_build

t_image_fetch() {
  docker image inspect "$IMG" >/dev/null 2>&1 || e2e_die "no image"
  # As the image's own user: a token from the environment.
  local p1="$E2E_TMP/proj/image-env" p2="$E2E_TMP/proj/image-netrc"
  mkdir -p "$p1"
  cp "$CA_PEM" "$p1/ca.pem"
  cat >"$p1/fetch.yaml" <<EOF
version: 1
vendor: vendor
tls: { caCerts: [ca.pem] }
credentials:
  tok: { token: { env: E2E_TOKEN } }
sources:
  - name: model
    credentials: tok
    http: { url: "$ORIGIN/bearer/b.bin", sha256: $SHA_B }
EOF
  chmod -R a+rwX "$p1"
  RC=0
  docker run --rm --network host -e E2E_TOKEN -v "$p1:/work" "$IMG" fetch >"$E2E_TMP/out/image-env.out" 2>"$E2E_TMP/out/image-env.err" || RC=$?
  ((RC == 0)) || e2e_die "fetch as 65532 with an env token: exit $RC: $(e2e_tail "$E2E_TMP/out/image-env.err")"
  [[ "$(find "$p1/vendor" -type f -exec sha256sum {} + | cut -d' ' -f1)" == "$SHA_B" ]] ||
    e2e_die "vendor: $(find "$p1/vendor" -type f)"
  # The documented netrc way: mounted read-only, --user the file's owner (airlock ignores a netrc of another user).
  write_project "$p2"
  cp "$CA_PEM" "$p2/ca.pem"
  chmod 600 "$NETRC_FILE"
  RC=0
  docker run --rm --network host --user "$(id -u):$(id -g)" -e E2E_TOKEN -e NETRC=/run/secrets/netrc \
    -v "$NETRC_FILE:/run/secrets/netrc:ro" -v "$p2:/work" "$IMG" fetch --ca-cert ca.pem \
    >"$E2E_TMP/out/image-netrc.out" 2>"$E2E_TMP/out/image-netrc.err" || RC=$?
  ((RC == 0)) || e2e_die "fetch with a mounted netrc: exit $RC: $(e2e_tail "$E2E_TMP/out/image-netrc.err")"
  check_vendor "$p2"
}
e2e_case release-image-fetch-env-and-netrc t_image_fetch

t_image_scan() {
  docker image inspect "$IMG" >/dev/null 2>&1 || e2e_die "no image"
  local p="$E2E_TMP/proj/image-netrc"
  (cd "$p" && NETRC="$NETRC_FILE" E2E_TOKEN="$CANARY_TOKEN" java -jar "$A/target/airlock.jar" scan --image "$IMG") \
    >"$E2E_TMP/out/image-scan.out" 2>"$E2E_TMP/out/image-scan.err" || e2e_die "scan --image: $(e2e_tail "$E2E_TMP/out/image-scan.out") $(e2e_tail "$E2E_TMP/out/image-scan.err")"
  grep -qx 'clean: no credential found' "$E2E_TMP/out/image-scan.out" || e2e_die "scan: $(e2e_tail "$E2E_TMP/out/image-scan.out")"
  e2e_save_image "$IMG" "$E2E_TMP/image-saved"
  local hits
  hits="$(e2e_sweep "$E2E_TMP/image-saved" "$E2E_TMP/out" "$E2E_TMP/prefix-url" "$E2E_TMP"/proj/*/vendor)" ||
    e2e_die "a credential leaked: $hits"
}
e2e_case release-image-scan-clean-no-canary t_image_scan
phase "image"
