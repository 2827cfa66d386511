#!/usr/bin/env bash
# Every test runner, one after another, then one summed line: "N passed, N failed".
# Unit and integration tests run under Vitest, end-to-end tests under Playwright in the Chromium
# scripts/find-chromium.ts finds (CHROMIUM_PATH, Debian's, Playwright's own) or installs when there is
# none; without one it stops before anything runs.
# Integration and e2e tests run against the production build: it is built first unless SKIP_BUILD=1.
set -u
cd "$(dirname "$0")/.."
if ! chromium=$(node --import tsx scripts/find-chromium.ts --install); then
  echo "0 passed, 1 failed"
  exit 1
fi
export CHROMIUM_PATH="$chromium"
echo "test-all: end-to-end tests drive $CHROMIUM_PATH"
# need CHECK PACKAGE WHY: when CHECK fails, installs Debian's PACKAGE (as root), or stops at once with the
# one command to run. Only the binaries are used: the tests run their own instances on loopback ports.
need() {
  bash -c "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "test-all: installing Debian's $2 ($3)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null && bash -c "$1" >/dev/null 2>&1 && return 0
    echo "test-all: could not install $2"
  else
    echo "test-all: $2 is missing; install it with: sudo apt-get install -y --no-install-recommends $2"
  fi
  echo "0 passed, 1 failed"
  exit 1
}
need 'command -v prometheus && command -v promtool' prometheus 'tests/integration/prometheus.test.ts runs the binary itself'
# tests/support/postgres.ts runs initdb and postgres in a temporary directory (the packaged cluster is not used).
need 'ls /usr/lib/postgresql/*/bin/initdb && ls /usr/lib/postgresql/*/bin/postgres' postgresql 'tests/integration/snapshot-store.test.ts and replicas.test.ts run it'

mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  npx next build || { echo "0 passed, 1 failed"; exit 1; }
fi

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?

PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json
playwright_rc=$?

node scripts/summarize-tests.mjs test-results/vitest.json test-results/playwright.json
summary_rc=$?
if [ $vitest_rc -ne 0 ] || [ $playwright_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then exit 1; fi
