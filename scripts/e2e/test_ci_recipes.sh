#!/usr/bin/env bash
# The CI recipes of docs/ci/ (GitHub Actions, GitLab CI), run on this machine against the loopback
# servers by scripts/ci-recipe-check: see there. It exits 1 when a case failed (its FAIL line is
# already printed and counted by scripts/e2e/run); any other status is passed on.
rc=0
"$(dirname "$0")/../ci-recipe-check" || rc=$?
((rc == 1)) && exit 0
exit "$rc"
