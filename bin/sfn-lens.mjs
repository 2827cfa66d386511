#!/usr/bin/env node
// The `sfn-lens` executable (package.json "bin"): runs cli/main.ts on the app's own lib/ code.
//
// lib/server and lib/aws import 'server-only', which throws unless the module is resolved under React's
// `react-server` export condition (Next's server bundles set it; vitest aliases it away). The CLI runs
// TypeScript with tsx under that same condition, so lib/ is loaded exactly as written — no copy, no
// build step — in a child Node process: export conditions and loaders can only be set when Node starts.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
if (!existsSync(tsx)) {
  console.error(`sfn-lens: tsx is not installed in ${root}: run \`npm ci\` there first.`);
  process.exit(2);
}
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--import', pathToFileURL(tsx).href, '--no-warnings=ExperimentalWarning', path.join(root, 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: process.env },
);
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, as a shell expects of a command it interrupted.
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 2);
});
