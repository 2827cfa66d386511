// Benchmark: first-load JavaScript of every page of the production build, as a browser gets it.
//   npx tsx bench/first-load-js.ts            (needs a build: `npm run build`, or SFN_LENS_DIST_DIR=<dir>)
// Starts the simulated account and `next start` on loopback, requests each page, collects the
// <script src> the HTML asks for (the JavaScript a first visit downloads before the page is usable)
// and prints their total size raw and gzipped. Target (issue #5): under 250 KB gzipped on every page.

import { gzipSync } from 'node:zlib';
import { startSimServer } from '../sim/server';
import { startApp } from '../tests/support/app-server';

const TARGET_KB = 250;

async function main() {
  const sim = await startSimServer({ seed: 42, profile: 'demo', host: '127.0.0.1' });
  const app = await startApp(sim.url);
  try {
    const sm = encodeURIComponent('arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard');
    const listed = (await (await fetch(`${app.url}/api/state-machines/${sm}/executions?from=${new Date(Date.now() - 30 * 60_000).toISOString()}`)).json()) as {
      executions: Array<{ executionArn: string }>;
    };
    const executionArn = listed.executions[0]?.executionArn;
    if (!executionArn) throw new Error('no execution to open');
    const snap = await fetch(`${app.url}/api/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ executionArn }) });
    const { id } = (await snap.json()) as { id: string };

    // A Map Run: the first one linked from a settled parent of the Distributed Map scenario.
    const dmap = encodeURIComponent('arn:aws:states:us-east-1:123456789012:stateMachine:batch-standard-dmap');
    const parents = (await (await fetch(`${app.url}/api/state-machines/${dmap}/executions?from=${new Date(Date.now() - 60 * 60_000).toISOString()}`)).json()) as {
      executions: Array<{ executionArn: string; stopDate: string | null }>;
    };
    const parent = parents.executions.find((e) => e.executionArn.includes(':execution:batch-standard-dmap:') && e.stopDate);
    const parentHtml = parent ? await (await fetch(`${app.url}/executions/${encodeURIComponent(parent.executionArn)}`)).text() : '';
    const mapRunPath = /\/map-runs\/[^"\\]+/.exec(parentHtml)?.[0];
    if (!mapRunPath) throw new Error('no Map Run to open');
    const pages: Array<[string, string]> = [
      ['overview', '/'],
      ['state machine', `/state-machines/${sm}`],
      ['execution', `/executions/${encodeURIComponent(executionArn)}`],
      ['shared diagnosis', `/d/${id}`],
      ['ops', '/ops'],
      ['compare', `/compare?a=${encodeURIComponent(executionArn)}`],
      ['map run', mapRunPath],
    ];
    const cache = new Map<string, { raw: number; gzip: number }>();
    console.log(`first-load JavaScript per page (production build, node ${process.version}); target < ${TARGET_KB} KB gzipped`);
    console.log(`${'page'.padEnd(18)} ${'scripts'.padStart(7)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}  target`);
    for (const [name, path] of pages) {
      const html = await (await fetch(`${app.url}${path}`)).text();
      const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')))];
      let raw = 0;
      let gzip = 0;
      for (const src of srcs) {
        let size = cache.get(src);
        if (!size) {
          const body = Buffer.from(await (await fetch(new URL(src, app.url))).arrayBuffer());
          size = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
          cache.set(src, size);
        }
        raw += size.raw;
        gzip += size.gzip;
      }
      const kb = (n: number) => (n / 1024).toFixed(1);
      console.log(`${name.padEnd(18)} ${String(srcs.length).padStart(7)} ${kb(raw).padStart(8)} ${kb(gzip).padStart(8)}  ${gzip / 1024 < TARGET_KB ? 'met' : 'MISSED'}`);
    }
  } finally {
    await app.stop();
    await sim.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
