#!/usr/bin/env bash
# The pip closure: airlock fetch of a hashed requirements file vs
# `pip download --no-deps --require-hashes -r requirements.txt -d DIR` on the same loopback index
# (the e2e nginx: TLS from a private CA, HTTP/2, basic auth; static PEP 503 pages), both from a
# cold cache, alternating round by round; best of REPS, and the ratio (target <= 1.0).
#
# The closure: COUNT generated pure-Python packages (scripts/e2e/pypi_fixture.py), each with a
# py3-none-any wheel and a win_amd64 wheel whose hashes the requirements list. pip downloads the
# one wheel per package its platform takes; airlock vendors every listed file (twice the files:
# the hashes decide, with no platform guessing), so the comparison is not in airlock's favour.
# pip gets the credential in the index URL (percent-encoded) and the CA with --cert.
# Usage: scripts/bench/closure_pypi.sh [REPS] [COUNT]   (defaults 3 and 300)
set -euo pipefail
REPS="${1:-3}"
COUNT="${2:-300}"
. "$(dirname "$0")/../e2e/lib.sh"
e2e_init
e2e_ensure_jar
e2e_setup_server >/dev/null 2>&1
for v in $(compgen -e | grep '^PIP_' || true); do unset "$v"; done
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
# requests takes these over pip's --cert (requests issue 3829): pip trusts only the e2e CA here
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
AIRLOCK=("$E2E_ROOT/scripts/airlock")
B="$E2E_TMP/bench"
mkdir -p "$B/proj"
python3 "$E2E_ROOT/scripts/e2e/pypi_fixture.py" "$DOCROOT/basic" "$B/fixture" "$ORIGIN" --count "$COUNT"
cp -r "$B/fixture/requirements.txt" "$B/fixture/req" "$B/proj/"
# pip would take the file's own --index-url over the command line's: leave it out for pip (airlock ignores it)
mkdir -p "$B/pip-req/req"
grep -v '^--index-url' "$B/fixture/requirements.txt" >"$B/pip-req/requirements.txt"
cp "$B/fixture/req/base.txt" "$B/pip-req/req/base.txt"
cat >"$B/proj/fetch.yaml" <<EOF
version: 1
credentials: { corp: { netrc: {} } }
sources:
  - name: deps
    credentials: corp
    pypi: { index: "$ORIGIN/basic/simple", requirements: requirements.txt }
EOF
PIP_INDEX="https://$CANARY_USER:$(e2e_urlencode "$CANARY_PW")@127.0.0.1:$PORT1/basic/simple"
python3 -m venv "$B/venv"
PIP=("$B/venv/bin/pip")
"${PIP[@]}" --version >/dev/null
"${AIRLOCK[@]}" --version >/dev/null # builds the class-data archive once, as a user's first run would

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

declare -A T
for rep in $(seq 1 "$REPS"); do
  rm -rf "$B/proj/vendor" "$B/proj/fetch.lock" "$B/proj/.airlock" "$B/cache"
  export AIRLOCK_CACHE="$B/cache"
  t0=$(now)
  "${AIRLOCK[@]}" fetch -q --no-progress -f "$B/proj/fetch.yaml" --netrc "$NETRC_FILE" --ca-cert "$CA_PEM" >/dev/null
  t1=$(now); T[airlock]+="$(elapsed "$t0" "$t1") "
  rm -rf "$B/pip-dl"
  t0=$(now)
  (cd "$B/pip-req" && "${PIP[@]}" download -q --no-deps --require-hashes --no-cache-dir -r requirements.txt \
    -d "$B/pip-dl" --index-url "$PIP_INDEX" --cert "$CA_PEM") >"$B/pip.log" 2>&1 ||
    { echo "pip download failed: $(e2e_tail "$B/pip.log")" >&2; exit 1; }
  t1=$(now); T[pip]+="$(elapsed "$t0" "$t1") "
  echo "# round $rep: airlock $(awk '{print $NF}' <<<"${T[airlock]}")s ($(ls "$B/proj/vendor/pypi" | wc -l) files)," \
    "pip $(awk '{print $NF}' <<<"${T[pip]}")s ($(ls "$B/pip-dl" | wc -l) files)" >&2
done

best() { tr ' ' '\n' <<<"${T[$1]}" | grep -v '^$' | sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-58s %8s %8s %6s %6s\n' "case (best of $REPS, seconds)" airlock pip ratio target
printf '%-58s %8s %8s %6s %6s\n' "$COUNT packages, cold (vs pip download --no-deps --require-hashes)" \
  "$(best airlock)" "$(best pip)" "$(ratio "$(best airlock)" "$(best pip)")" "<=1.0"
