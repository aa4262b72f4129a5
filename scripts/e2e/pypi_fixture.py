#!/usr/bin/env python3
"""A private Python closure for the pypi closure tests and benchmark, made at run time.

Builds pure-Python wheels (a zip with NAME-VER.dist-info/METADATA, WHEEL and RECORD) whose
Requires-Dist form a tree under one top package, a static PEP 503 simple index for them, a hashed
requirements file split over an include (as pip-compile --generate-hashes writes it: continuation
lines, comments, markers, an extra, an --index-url line) and a PEP 751 pylock.toml.

  pypi_fixture.py DOCROOT/PREFIX OUT_DIR ORIGIN_URL [--count N] [--lock-prefix P]

Files go to DOCROOT/PREFIX/files/, pages to DOCROOT/PREFIX/simple/NAME/index.html; the requirements
files and pylock.toml to OUT_DIR. The pylock URLs point at ORIGIN_URL/LOCK_PREFIX/files/ (the same
files, copied there). Every package also has a second, Windows-only wheel (listed with its hash,
so it is vendored, and never chosen by pip on Linux) and one unlisted file that must not be.
"""
import argparse
import base64
import hashlib
import os
import shutil
import zipfile


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d\n" % (name, digest, len(data))


def wheel(path, dist, version, requires, code, tag="py3-none-any"):
    info = "%s-%s.dist-info" % (dist, version)
    meta = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (dist.replace("_", "-"), version)
    meta += "".join("Requires-Dist: %s\n" % r for r in requires)
    files = {
        "%s/__init__.py" % dist: code.encode(),
        info + "/METADATA": meta.encode(),
        info + "/WHEEL": ("Wheel-Version: 1.0\nGenerator: airlock-e2e\nRoot-Is-Purelib: true\nTag: %s\n" % tag).encode(),
    }
    record = "".join(record_line(n, d) for n, d in files.items()) + info + "/RECORD,,\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in files.items():
            zi = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            z.writestr(zi, d)
        z.writestr(zipfile.ZipInfo(info + "/RECORD", date_time=(2024, 1, 1, 0, 0, 0)), record)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("out")
    ap.add_argument("origin")
    ap.add_argument("--count", type=int, default=6)
    ap.add_argument("--lock-prefix", default="bearer")
    a = ap.parse_args()
    files_dir = os.path.join(a.root, "files")
    os.makedirs(files_dir, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    # airlock-e2e-top depends on dep0..depN-2; dep k depends on dep k+1 (a chain) where it exists.
    names = ["airlock-e2e-top"] + ["airlock-e2e-dep%d" % i for i in range(a.count - 1)]
    packages = []
    for i, name in enumerate(names):
        dist = name.replace("-", "_")
        version = "1.%d.0" % i
        if i == 0:
            requires = ["airlock-e2e-dep%d" % k for k in range(a.count - 1)]
            imports = "".join("import airlock_e2e_dep%d\n" % k for k in range(a.count - 1))
            code = imports + 'MESSAGE = "closure of %d packages imported offline"\n' % a.count
        else:
            nxt = i  # dep(i-1) -> dep(i)
            requires = ["airlock-e2e-dep%d" % nxt] if nxt < a.count - 1 else []
            code = "".join("import airlock_e2e_dep%d\n" % nxt for _ in requires) + "VALUE = %d\n" % i
        any_whl = "%s-%s-py3-none-any.whl" % (dist, version)
        win_whl = "%s-%s-py3-none-win_amd64.whl" % (dist, version)
        unlisted = "%s-%s-py2-none-any.whl" % (dist, version)
        wheel(os.path.join(files_dir, any_whl), dist, version, requires, code)
        wheel(os.path.join(files_dir, win_whl), dist, version, requires, code, "py3-none-win_amd64")
        wheel(os.path.join(files_dir, unlisted), dist, version, requires, code + "# py2\n", "py2-none-any")
        packages.append((name, version, [any_whl, win_whl], unlisted))
    # PEP 503 pages: every file with its #sha256= fragment, relative links.
    for name, version, listed, unlisted in packages:
        page_dir = os.path.join(a.root, "simple", name)
        os.makedirs(page_dir, exist_ok=True)
        links = "".join('<a href="../../files/%s#sha256=%s">%s</a><br/>\n' % (f, sha256(os.path.join(files_dir, f)), f)
                        for f in listed + [unlisted])
        with open(os.path.join(page_dir, "index.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body><h1>Links for %s</h1>\n%s</body></html>\n" % (name, links))
    with open(os.path.join(a.root, "simple", "index.html"), "w") as f:
        f.write("<!DOCTYPE html><html><body>%s</body></html>\n"
                % "".join('<a href="%s/">%s</a>\n' % (p[0], p[0]) for p in packages))

    def pin(pkg, extra="", marker=""):
        name, version, listed, _ = pkg
        hashes = "".join(" \\\n    --hash=sha256:%s" % sha256(os.path.join(files_dir, f)) for f in listed)
        return "%s%s==%s%s%s\n    # via airlock-e2e-top\n" % (name, extra, version, marker, hashes)

    half = 1 + (len(packages) - 1) // 2
    os.makedirs(os.path.join(a.out, "req"), exist_ok=True)
    with open(os.path.join(a.out, "requirements.txt"), "w") as f:
        f.write("#\n# This file is autogenerated by pip-compile with Python 3.11\n#\n")
        f.write("--index-url https://pypi.org/simple\n\n-r req/base.txt\n")
        f.write(pin(packages[0], extra="[fast]", marker=' ; python_version >= "3"'))
        for p in packages[1:half]:
            f.write(pin(p))
    with open(os.path.join(a.out, "req", "base.txt"), "w") as f:
        f.write("# shared pins\n")
        for p in packages[half:]:
            f.write(pin(p))
    # PEP 751: the same closure, by URL.
    lock_dir = os.path.join(os.path.dirname(a.root.rstrip("/")), a.lock_prefix, "files")
    os.makedirs(lock_dir, exist_ok=True)
    with open(os.path.join(a.out, "pylock.toml"), "w") as f:
        f.write('lock-version = "1.0"\ncreated-by = "airlock-e2e"\nrequires-python = ">=3.8"\n')
        for name, version, listed, _ in packages:
            f.write('\n[[packages]]\nname = "%s"\nversion = "%s"\nindex = "%s/%s/simple"\n'
                    % (name, version, a.origin, os.path.basename(a.root.rstrip("/"))))
            for fn in listed:
                shutil.copyfile(os.path.join(files_dir, fn), os.path.join(lock_dir, fn))
                f.write('[[packages.wheels]]\nurl = "%s/%s/files/%s"\nhashes = { sha256 = "%s" }\n'
                        % (a.origin, a.lock_prefix, fn, sha256(os.path.join(files_dir, fn))))


if __name__ == "__main__":
    main()
