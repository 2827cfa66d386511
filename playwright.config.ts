import { chromium, defineConfig } from '@playwright/test';
import { findChromium } from './scripts/find-chromium';

const PORT = Number(process.env.E2E_PORT ?? 3117);
// The simulated account's port is pinned so that tests can reach its control API (faults, request
// log). Set here, the value is seen by the web server and by every worker that loads this config.
process.env.SIM_PORT ??= String(PORT + 1500);
const SIM_PORT = process.env.SIM_PORT;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // CHROMIUM_PATH, else Debian's, else Playwright's own (scripts/find-chromium.ts; `npm test` installs one when there is none).
      executablePath: findChromium(() => chromium.executablePath()),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // The real `npm start` path: simulated account + built app.
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT), SIM_PORT, SFN_LENS_SOURCE: 'sim' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
