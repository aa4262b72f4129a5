#!/usr/bin/env bash
# Speed of `airlock scan` against `grep -c -F -f NEEDLES` over the same bytes, in one run.
#
# Generates a vendor tree (default 1 GiB: random binary, base64 text and source-like text, files
# from 4 KiB to 16 MiB, one planted leak), a manifest naming three credentials, and a needles file
# holding the byte strings airlock searches for (every form of every credential, plus the pattern
# triggers; for URLs grep gets "://" where airlock uses "x://" for each letter and digit x).
# Both tools read the tree from the page cache (it is read once first). Prints MiB/s of each and
# the ratio; the target is airlock >= 0.5 x grep.
#
# Usage: scripts/bench/scan.sh [SIZE_MIB]      (BENCH_KEEP=1 keeps the temp dir)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size_mib="${1:-1024}"
jar="$root/target/airlock.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests package >&2)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/airlock-bench.XXXXXX")"
[[ "${BENCH_KEEP:-0}" == 1 ]] || trap 'rm -rf -- "$tmp"' EXIT
mkdir -p "$tmp/proj/vendor" "$tmp/home"

export BENCH_TOKEN="CANARY-$(openssl rand -hex 16)+t/k="
export BENCH_PASSWORD="CANARY-$(openssl rand -hex 12)@p:w"
export BENCH_TOKEN2="glpat-$(openssl rand -hex 10)"
cat >"$tmp/proj/fetch.yaml" <<'YAML'
version: 1
vendor: vendor
credentials:
  a: { token: { env: BENCH_TOKEN } }
  b: { basic: { username: deploy, passwordEnv: BENCH_PASSWORD } }
  c: { token: { env: BENCH_TOKEN2, header: PRIVATE-TOKEN } }
sources:
  - { name: x, credentials: a, http: { url: "https://example.com/x" } }
YAML

python3 - "$tmp/proj/vendor" "$size_mib" "$tmp/needles" <<'PY'
import base64, os, random, sys, urllib.parse
out, size_mib, needles_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(42)
words = ("import def class return self value config http https path file name data error list dict "
         "function const let var public private static void string int main args token version").split()
def text_block(n):
    lines, total = [], 0
    while total < n:
        k = rnd.randrange(3, 14)
        line = " ".join(rnd.choice(words) for _ in range(k))
        if rnd.random() < 0.05:
            line += " https://example.org/" + rnd.choice(words) + "/" + os.urandom(4).hex()
        if rnd.random() < 0.02:
            line += " sha512-" + base64.b64encode(os.urandom(64)).decode()
        lines.append(line)
        total += len(line) + 1
    return ("\n".join(lines) + "\n").encode()[:n]
total, i = 0, 0
target = size_mib << 20
text_cache = text_block(4 << 20)
while total < target:
    kind = i % 4
    size = rnd.choice([4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20])
    size = min(size, target - total)
    d = os.path.join(out, "pkg%03d" % (i % 97))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.%s" % (i, ["bin", "b64", "py", "txt"][kind])), "wb") as f:
        if kind == 0:
            f.write(os.urandom(size))
        elif kind == 1:
            f.write(base64.encodebytes(os.urandom(size * 3 // 4 + 3))[:size])
        else:
            off = rnd.randrange(0, len(text_cache) - 1)
            buf = bytearray()
            while len(buf) < size:
                buf += text_cache[off:off + size - len(buf)]
                off = 0
            f.write(bytes(buf))
    total += size
    i += 1

def cores(v, enc):
    res = []
    for pad in range(3):
        full = enc(b"\0" * pad + v).decode().rstrip("=")
        start = [0, 2, 3][pad]
        end = (pad + len(v)) // 3 * 4
        if end - start >= 4:
            res.append(full[start:end])
    return res
def forms(v):
    b = v.encode()
    f = {v}
    f.update(cores(b, base64.b64encode)); f.update(cores(b, base64.urlsafe_b64encode))
    p = urllib.parse.quote(v, safe="-._~"); f.update({p, p.lower(), urllib.parse.quote_plus(v)})
    f.update({b.hex(), b.hex().upper()})
    f.add(v.replace("\\", "\\\\").replace('"', '\\"'))
    f.add(v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&apos;"))
    return f
needles = set()
for v in (os.environ["BENCH_TOKEN"], os.environ["BENCH_TOKEN2"]):
    needles |= forms(v)
needles |= forms(os.environ["BENCH_PASSWORD"]) | forms("deploy:" + os.environ["BENCH_PASSWORD"])
needles |= {"PRIVATE KEY-----", "PRIVATE KEY BLOCK-----", "PuTTY-User-Key-File-", "ghp_", "gho_", "ghu_", "ghs_",
            "ghr_", "b_pat_", "glpat-", "npm_", "pypi-AgE", "AKIA", "ASIA", "aws_secret_access_key",
            "AWS_SECRET_ACCESS_KEY", "AKCp", "cmVmdGtuOjAxOj", "ization:", "ization=", "ization\":", "ization':", "IZATION:", "IZATION=", "IZATION\":", "IZATION':",
            "E-TOKEN", "e-Token", "e-token"}
# airlock triggers on "x://" for every letter and digit x (4 bytes, so it can step by 3); grep gets
# the equivalent single "://", which is cheaper for it: the comparison favours grep, not airlock
needles.add("://")
with open(needles_file, "w") as f:
    f.write("\n".join(sorted(needles)) + "\n")
print("%d files, %d needles" % (i, len(needles)), file=sys.stderr)
PY

# one planted leak, so both tools must find something: a Basic header for the basic credential
printf 'Authorization: Basic %s\n' "$(printf 'deploy:%s' "$BENCH_PASSWORD" | base64 -w0)" \
  >"$tmp/proj/vendor/pkg000/planted.txt"
bytes=$(du -sb "$tmp/proj/vendor" | cut -f1)
cat $(find "$tmp/proj/vendor" -type f) >/dev/null   # page cache
TIMEFORMAT='%R %U %S'
{ time LC_ALL=C grep -r -c -F -f "$tmp/needles" "$tmp/proj/vendor" >/dev/null || true; } 2>"$tmp/grep.time"
rc=0
{ time (cd "$tmp/proj" && HOME="$tmp/home" java -XX:+UseSerialGC -jar "$jar" scan vendor --format json -q \
  >"$tmp/out.json" 2>"$tmp/err.txt") || rc=$?; } 2>"$tmp/airlock.time"
{ time (cd "$tmp/proj" && HOME="$tmp/home" java -XX:+UseSerialGC -jar "$jar" scan "$tmp/home" -q >/dev/null) \
  || true; } 2>"$tmp/empty.time"
echo "airlock exit: $rc, findings: $(python3 -c "import json;print(sorted({f['rule'] + ' ' + f['location']['display'] for f in json.load(open('$tmp/out.json'))['findings']}))")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

python3 - "$bytes" "$tmp/grep.time" "$tmp/airlock.time" "$tmp/empty.time" <<'PY'
import sys
b = int(sys.argv[1])
g, a, e = ([float(x) for x in open(f).read().split()] for f in sys.argv[2:])
mib = b / (1 << 20)
print("bytes: %d (%.0f MiB)" % (b, mib))
print("grep -c -F -f: %.2f s wall  %.0f MiB/s   cpu %.2f s" % (g[0], mib / g[0], g[1] + g[2]))
print("airlock scan:  %.2f s wall  %.0f MiB/s   cpu %.2f s (JVM start included)" % (a[0], mib / a[0], a[1] + a[2]))
print("airlock start-up alone (empty folder): %.2f s wall, cpu %.2f s" % (e[0], e[1] + e[2]))
print("airlock / grep speed: %.2f (target >= 0.50)" % (g[0] / a[0]))
PY
