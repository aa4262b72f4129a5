# shellcheck shell=bash
# A real npm closure for the closure tests and the bench (sourced after lib.sh's e2e_make_docroot):
# a package.json with express + jest + typescript, locked by the real npm
# (`npm install --package-lock-only`), every locked tarball fetched by the real npm (`npm cache
# add NAME@VERSION`, platform packages included) into a download cache kept between runs
# ($AIRLOCK_E2E_NPM_DL, default /tmp/airlock-e2e-npm-dl: only public tarballs, no credential),
# then copied by integrity from that cache into the docroot as a registry at /bearer/reg/
# (behind the bearer token). Nothing of it is committed.
#
# npm_fixture_build sets NPMFIX (the folder), NPM_APP (package.json + the lock as npm wrote it),
# NPM_PKG_COUNT (registry packages in the lock). npm_fixture_locks REGISTRY writes
# $NPMFIX/lock-resolved.json (resolved rewritten to REGISTRY) and $NPMFIX/lock-bare.json (no
# resolved at all, as npm writes it with omit-lockfile-registry-resolved).

NPM_FIXTURE_DEFAULT_DEPS='{"express":"4.21.2","jest":"29.7.0","typescript":"5.6.3"}'
: "${NPM_FIXTURE_DEPS:=$NPM_FIXTURE_DEFAULT_DEPS}"

npm_fixture_build() {
  NPMFIX="$E2E_TMP/npmfix"
  NPM_APP="$NPMFIX/app"
  local dl="${AIRLOCK_E2E_NPM_DL:-/tmp/airlock-e2e-npm-dl}"
  mkdir -p "$NPM_APP" "$dl"
  printf '{"name":"closure-app","version":"1.0.0","private":true,"dependencies":%s}\n' "$NPM_FIXTURE_DEPS" \
    >"$NPM_APP/package.json"
  (cd "$NPM_APP" && npm install --package-lock-only --omit-lockfile-registry-resolved=false --ignore-scripts \
    --no-audit --no-fund --loglevel=error --cache "$dl") >"$NPMFIX/lock.log" 2>&1 ||
    { e2e_log "npm install --package-lock-only failed: $(tail -3 "$NPMFIX/lock.log")"; return 1; }
  # Every locked tarball into the download cache (a no-op for those already there).
  python3 - "$NPM_APP/package-lock.json" >"$NPMFIX/specs.txt" <<'PY'
import json, sys
lock = json.load(open(sys.argv[1]))
for key, p in lock["packages"].items():
    if key and not p.get("link") and "node_modules/" in key:
        name = p.get("name") or key.rsplit("node_modules/", 1)[1]
        print(f"{name}@{p['version']}")
PY
  NPM_PKG_COUNT="$(sort -u "$NPMFIX/specs.txt" | wc -l)"
  # shellcheck disable=SC2046
  (cd "$NPMFIX" && npm cache add --cache "$dl" --loglevel=error $(sort -u specs.txt)) >>"$NPMFIX/lock.log" 2>&1 ||
    { e2e_log "npm cache add failed: $(tail -3 "$NPMFIX/lock.log")"; return 1; }
  # The registry: REG/NAME/-/BASENAME-VERSION.tgz, each tarball taken from npm's cache by integrity.
  python3 - "$NPM_APP/package-lock.json" "$dl" "$DOCROOT/bearer/reg" <<'PY'
import base64, json, os, shutil, sys
lock, cache, reg = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
for key, p in lock["packages"].items():
    if not key or p.get("link") or "node_modules/" not in key:
        continue
    name = p.get("name") or key.rsplit("node_modules/", 1)[1]
    alg, b64 = p["integrity"].split()[0].split("-", 1)
    h = base64.b64decode(b64).hex()
    src = os.path.join(cache, "_cacache", "content-v2", alg, h[:2], h[2:4], h[4:])
    dst = os.path.join(reg, name, "-", f"{name.split('/')[-1]}-{p['version']}.tgz")
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
PY
}

npm_fixture_locks() { # REGISTRY (no trailing slash)
  python3 - "$NPM_APP/package-lock.json" "$1" "$NPMFIX" <<'PY'
import json, sys
src, reg, out = sys.argv[1], sys.argv[2], sys.argv[3]
lock = json.load(open(src))
for p in lock["packages"].values():
    if "resolved" in p and p["resolved"].startswith("https://registry.npmjs.org/"):
        p["resolved"] = reg + "/" + p["resolved"][len("https://registry.npmjs.org/"):]
json.dump(lock, open(f"{out}/lock-resolved.json", "w"), indent=2)
for p in lock["packages"].values():
    p.pop("resolved", None)
json.dump(lock, open(f"{out}/lock-bare.json", "w"), indent=2)
PY
}
