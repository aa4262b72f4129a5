#!/usr/bin/env bash
# Precision on real Dockerfiles: with AIRLOCK_CORPUS=DIR (a folder of Dockerfiles no one here wrote,
# e.g. the docker-library official images; see docs/scan-corpus.md), `airlock scan --dockerfile`
# and the template lint (`airlock dockerfile --lint`) must give no error on any of them, in one
# CLI call each (a JVM per file would take minutes). Prints the findings by rule and severity.
# The seed's two leaks (COPY .netrc then RUN rm; a token passed with --build-arg) must still be
# errors in both. Without AIRLOCK_CORPUS the corpus case is skipped with an `ok … (skipped …)` line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init
e2e_ensure_jar

W="$E2E_TMP/proj/corpus"
mkdir -p "$W"

seed_leaks() {
  cat >"$W/Dockerfile.seed" <<'DF'
FROM python:3.12-slim
ARG TOKEN
COPY .netrc /root/.netrc
RUN pip install --index-url https://pypi.corp.example/simple internal-lib \
    && rm /root/.netrc
RUN pip install --extra-index-url https://__token__:${TOKEN}@pypi.corp.example/simple other
DF
  e2e_airlock seed-scan scan --dockerfile "$W/Dockerfile.seed" --format json
  e2e_expect_rc 1
  local rules
  rules="$(python3 -c 'import json,sys; print(" ".join(sorted(f["rule"]+"@"+str(f["location"].get("line",0))+":"+f["severity"] for f in json.load(open(sys.argv[1]))["findings"])))' "$OUT")"
  for want in "dockerfile/copy-credentials@3:error" "dockerfile/secret-arg@2:error"; do
    [[ " $rules " == *" $want "* ]] || e2e_die "scan: no $want in: $rules"
  done
  e2e_airlock seed-lint dockerfile --lint "$W/Dockerfile.seed"
  e2e_expect_rc 1
  grep -q ':3: credential-file:' "$OUT" || e2e_die "lint: no credential-file at line 3: $(e2e_tail "$OUT")"
  grep -q ':2: secret-arg-env: ARG TOKEN' "$OUT" || e2e_die "lint: no secret-arg-env at line 2: $(e2e_tail "$OUT")"
}

corpus() {
  local files=() f
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$AIRLOCK_CORPUS" -type f -name 'Dockerfile*' \
    ! -name '*.template' -print0 | sort -z)
  ((${#files[@]} > 0)) || e2e_die "no Dockerfile* under $AIRLOCK_CORPUS"
  local scan_args=() lint_args=()
  for f in "${files[@]}"; do scan_args+=(--dockerfile "$f"); lint_args+=(--lint "$f"); done
  e2e_airlock corpus-scan scan -q "${scan_args[@]}" --format json -o "$W/scan.json"
  local scan_rc="$RC"
  python3 - "$W/scan.json" "${#files[@]}" >&2 <<'PY'
import collections, json, sys
findings = json.load(open(sys.argv[1]))["findings"]
by = collections.Counter((f["rule"], f["severity"]) for f in findings)
print(f"scan --dockerfile: {sys.argv[2]} files, {len(findings)} findings")
for (rule, sev), n in sorted(by.items()):
    print(f"  {sev} {rule}: {n}")
for f in findings:
    print(f"  {f['severity']} {f['rule']} {f['location']['display']}: {f.get('detail', '')}")
PY
  e2e_airlock corpus-lint dockerfile "${lint_args[@]}"
  printf 'dockerfile --lint: %s files, %s warnings, %s errors\n' "${#files[@]}" \
    "$(grep -c 'warning:' "$ERR" || true)" "$(grep -c ': [a-z-]*: ' "$OUT" || true)" >&2
  grep 'warning:' "$ERR" | sed 's/^/  warning /' >&2 || true
  grep ': [a-z-]*: ' "$OUT" | sed 's/^/  error /' >&2 || true
  [[ "$scan_rc" == 0 ]] || e2e_die "scan --dockerfile: exit $scan_rc (an error on the corpus)"
  e2e_expect_rc 0
}

e2e_case dockerfile-seed-leaks-stay-errors seed_leaks
if [[ -n "${AIRLOCK_CORPUS:-}" && -d "${AIRLOCK_CORPUS}" ]]; then
  e2e_case dockerfile-corpus-no-error corpus
else
  echo "ok dockerfile-corpus-no-error (skipped: set AIRLOCK_CORPUS=DIR to a folder of real Dockerfiles)"
fi
