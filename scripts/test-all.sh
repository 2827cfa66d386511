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
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "test-all: installing Debian's prometheus (tests/integration/prometheus.test.ts runs the binary itself)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null || { echo "test-all: could not install prometheus"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "test-all: Prometheus is missing; install it with: sudo apt-get install -y prometheus"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# A real PostgreSQL backs the shared-diagnosis store tests (tests/support/postgres.ts runs its own on a
# loopback port in a temporary directory); only the binaries are used, the packaged cluster is not.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "test-all: installing Debian's postgresql (tests/integration/snapshot-store.test.ts and replicas.test.ts run it)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || { echo "test-all: could not install postgresql"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "test-all: PostgreSQL is missing; install it with: sudo apt-get install -y --no-install-recommends postgresql"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

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
