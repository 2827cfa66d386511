#!/usr/bin/env bash
# Every test runner, one after another, then one summed line: "N passed, N failed".
# Unit and integration tests run under Vitest, end-to-end tests under Playwright (Debian's Chromium).
# Integration and e2e tests run against the production build: it is built first unless SKIP_BUILD=1.
set -u
cd "$(dirname "$0")/.."
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
